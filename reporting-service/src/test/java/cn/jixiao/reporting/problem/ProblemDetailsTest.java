package cn.jixiao.reporting.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.jixiao.reporting.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Every 4xx is RFC 9457 problem details, titled in Chinese or English by Accept-Language. */
@QuarkusTest
class ProblemDetailsTest {

    @Test
    void unauthenticatedInChineseByDefaultAndInEnglishOnRequest() {
        given().get("/api/v1/reports/2030/grades").then().statusCode(401)
                .contentType("application/problem+json").header("Content-Language", "zh-CN")
                .body("title", equalTo("未认证或令牌无效")).body("status", equalTo(401))
                .body("instance", equalTo("/api/v1/reports/2030/grades"));
        given().header("Accept-Language", "en-US,en;q=0.9").get("/api/v1/reports/2030/grades").then().statusCode(401)
                .header("Content-Language", "en").body("title", equalTo("Authentication required"));
    }

    @Test
    void aParameterHoldingNulIs400NamingIt() {
        // PostgreSQL refuses U+0000 in any text: a 500 before
        given().auth().oauth2(Tokens.viewer()).urlEncodingEnabled(false).get("/api/v1/reports/2030/ranking?group=a%00b")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("group")).body("errors[0].code", equalTo("unsupported-character"));
    }

    @Test
    void typedQueryParametersOfTheWrongKindAre400sNamingThem() {
        // JAX-RS answered each with a bare 404, as if the report did not exist
        String[][] cases = {
                {"/api/v1/reports/2030/ranking?cycleId=zz", "cycleId"},
                {"/api/v1/reports/2030/ranking?page=first", "page"},
                {"/api/v1/reports/2030/grades?cycleId=1e3", "cycleId"},
                {"/api/v1/reports/aggregate?measure=final_score&pageSize=ten", "pageSize"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en").get(c[0]).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(c[1])).body("errors[0].code", equalTo("invalid-value"))
                    .body("detail", containsString("Query parameter " + c[1] + "="));
        }
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2030/ranking?cycleId=&page=0").then().statusCode(200);
        // an integer too large to be one here is out of range, not "not an integer"
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2030/ranking?page=99999999999").then().statusCode(400)
                .body("errors[0].field", equalTo("page")).body("errors[0].code", equalTo("out-of-range"));
        // a path that cannot name a report names none
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/twenty/ranking").then().statusCode(404);
        // a department without results, in one language each (the English detail said "No 部门 …")
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en").get("/api/v1/reports/departments/NOSUCH/trend").then()
                .statusCode(404).body("detail", equalTo("No department NOSUCH"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/departments/NOSUCH/trend").then()
                .statusCode(404).body("detail", equalTo("部门 NOSUCH 不存在"));
    }

    @Test
    void anUnknownPathIs404() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2030/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://jixiao.cn/problems/not-found"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v2/anything").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aWrongMethodIs405() {
        given().auth().oauth2(Tokens.viewer()).delete("/api/v1/reports/2030/ranking").then().statusCode(405)
                .contentType("application/problem+json").body("type", equalTo("https://jixiao.cn/problems/method-not-allowed"));
    }

    @Test
    void aBodyThatIsNotJsonIs415AndOneOver1MiBIs413() {
        given().auth().oauth2(Tokens.service()).contentType(ContentType.TEXT).body("hello")
                .post("/api/v1/reports/evaluations").then().statusCode(415).contentType("application/problem+json");
        String big = "{\"x\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(big)
                .post("/api/v1/reports/evaluations").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void outOfRangeQueryParametersNameTheirField() {
        // named as the client wrote them (they were "$.year", "$.size": body fields), in Chinese unless asked otherwise
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/1899/ranking").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(java.util.List.of("year")))
                .body("errors[0].message", equalTo("最小不能小于2000"));
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en").get("/api/v1/reports/2030/ranking?size=0").then().statusCode(400)
                .body("errors.field", equalTo(java.util.List.of("size"))).body("errors[0].message", equalTo("must be greater than or equal to 1"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2030/ranking?page=-1").then().statusCode(400)
                .body("errors.field", equalTo(java.util.List.of("page")));
    }
}
