package cn.jixiao.submission.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error a client can cause is a 4xx problem+json naming what was wrong. */
@QuarkusTest
class ProblemDetailsTest {

    /** The management interface's port (metrics are served there, beside the API's port). */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @OidcWireMock
    WireMockServer wiremock;

    @BeforeEach
    void scoring() {
        Fixtures.stubScoring(wiremock);
    }

    @Test
    void missingTokenIs401ProblemWithBearerChallenge() {
        given().get("/api/v1/filings").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401)).body("title", equalTo("未认证或令牌无效"));
    }

    @Test
    void invalidTokensAre401() {
        given().auth().oauth2("not-a-jwt").get("/api/v1/filings").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.wrongAudience()).get("/api/v1/cycles").then().statusCode(401);
        given().auth().oauth2(Tokens.expired()).get("/api/v1/cycles").then().statusCode(401);
    }

    @Test
    void wrongRoleIs403Problem() {
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en-US,en;q=0.9").get("/api/v1/filings").then().statusCode(403)
                .contentType("application/problem+json").body("title", equalTo("Forbidden"))
                .header("Content-Language", "en");
    }

    @Test
    void titlesFollowAcceptLanguage() {
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "zh-CN").get("/api/v1/filings").then()
                .body("title", equalTo("无权执行此操作"));
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "fr, en;q=0.5, zh;q=0.4").get("/api/v1/filings").then()
                .body("title", equalTo("Forbidden"));
    }

    @Test
    void unknownPathsAndIdsAre404Problems() {
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json").body("instance", equalTo("/api/v1/filings/00000000-0000-0000-0000-000000000000"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void wrongMethodIs405Problem() {
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/departments").then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void nonJsonBodyIs415Problem() {
        given().auth().oauth2(Tokens.admin()).contentType("text/plain").body("hello")
                .post("/api/v1/departments").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void bodiesOverOneMebibyteAre413Problems() {
        String big = "{\"code\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(big)
                .post("/api/v1/departments").then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void malformedJsonIs400WithoutInternals() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\": ")
                .post("/api/v1/departments").then().statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString("com.fasterxml"))).body("detail", not(containsString("Exception")));
    }

    /** A body is one JSON document, whole: nothing after it, no key twice, not cut short. */
    @Test
    void aSecondDocumentARepeatedKeyAndACutBodyAre400sAndNothingIsStored() {
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"code\":\"TRL1\",\"name\":\"first\"} {\"code\":\"TRL2\",\"name\":\"second\"}")
                .post("/api/v1/departments").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("text follows the JSON value")).body("detail", containsString("line 1"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/departments/TRL1").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"code\":\"DUP1\",\"name\":\"王芳\",\"name\":\"李四\"}")
                .post("/api/v1/departments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.name")).body("errors[0].code", equalTo("duplicate-key"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"DUP2\",\"name\":\"x\",\"subUnits\":[{\"code\":\"DUP2-01\",\"name\":\"a\",\"name\":\"b\"}]}")
                .post("/api/v1/departments").then().statusCode(400)
                .body("errors[0].field", equalTo("$.subUnits[0].name")).body("errors[0].code", equalTo("duplicate-key"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/departments/DUP1").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString()).body("{\"fiscalYear\":2020,\"items\":[")
                .post("/api/v1/imports/finance").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON")).body("detail", containsString("line 1"));
        // no body at all is the body missing, not a Java parameter's name
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString()).body("")
                .post("/api/v1/imports/finance").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$")).body("errors[0].code", equalTo("required"))
                .body("errors[0].message", equalTo("缺少请求体（JSON）"));
    }

    @Test
    void aNullInAListAndAPageBeyondReachAre400sNamingThem() {
        // each was a 500 (a NullPointerException; an offset past Integer.MAX_VALUE)
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"NUL1\",\"name\":\"x\",\"subUnits\":[null]}")
                .post("/api/v1/departments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.subUnits[0]"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .body("{\"fiscalYear\":2020,\"items\":[null]}")
                .post("/api/v1/imports/finance").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.items[0]"));
        given().auth().oauth2(Tokens.reviewer()).queryParam("page", Integer.MAX_VALUE).queryParam("size", 2)
                .get("/api/v1/filings").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", containsString("page"));
        given().auth().oauth2(Tokens.reviewer()).queryParam("page", 1_000_000).queryParam("size", 100)
                .get("/api/v1/filings").then().statusCode(200);
        // U+0000 in a parameter, which PostgreSQL refuses in any text: a 500 before
        given().auth().oauth2(Tokens.reviewer()).urlEncodingEnabled(false).get("/api/v1/filings?departmentCode=%00")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("departmentCode")).body("errors[0].code", equalTo("unsupported-character"));
    }

    @Test
    void typedQueryParametersOfTheWrongKindAre400sNamingThem() {
        // JAX-RS answered each with a bare 404, as if the list did not exist
        String[][] cases = {
                {"/api/v1/cycles?fiscalYear=abc", "fiscalYear"},
                {"/api/v1/filings?fiscalYear=2020.5", "fiscalYear"},
                {"/api/v1/filings?cycleId=one", "cycleId"},
                {"/api/v1/filings?page=zz", "page"},
                {"/api/v1/filings?status=LOST", "status"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(Tokens.reviewer()).header("Accept-Language", "en").get(c[0]).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(c[1])).body("errors[0].code", equalTo("invalid-value"))
                    .body("detail", containsString("Query parameter " + c[1] + "="));
        }
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings?fiscalYear=&cycleId=&page=0").then().statusCode(200);
        // an integer too large to be one here is out of range, not "not an integer"
        given().auth().oauth2(Tokens.reviewer()).header("Accept-Language", "en").get("/api/v1/filings?size=99999999999").then().statusCode(400)
                .body("errors[0].field", equalTo("size")).body("errors[0].code", equalTo("out-of-range"))
                .body("detail", containsString("size=99999999999 is out of range"));
    }

    @Test
    void timestampsAndIntegersBeyondWhatCanBeStoredAre400sNamingTheField() {
        String cycle = "{\"name\":\"范围\",\"fiscalYear\":%s,\"deadline\":\"%s\",\"rubricCode\":\"department-overall\",\"rubricVersion\":1}";
        // years PostgreSQL cannot store were a 500 at the insert; an overflowing integer a 400
        // that named nothing; a fraction was read as the integer below it, and the cycle created
        String[][] cases = {
                {"2041", "+300000-01-01T00:00:00Z", "$.deadline", "out-of-range"},
                {"2041", "-5000-01-01T00:00:00Z", "$.deadline", "out-of-range"},
                {"2041", "+10000-01-01T00:00:00Z", "$.deadline", "out-of-range"},
                {"99999999999", "2041-03-31T23:59:59+08:00", "$.fiscalYear", "out-of-range"},
                {"2041.5", "2041-03-31T23:59:59+08:00", "$.fiscalYear", "invalid-value"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                    .body(String.format(cycle, c[0], c[1])).post("/api/v1/cycles").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of(c[2]))).body("errors.code", equalTo(List.of(c[3])));
        }
        given().auth().oauth2(Tokens.admin()).get("/api/v1/cycles?fiscalYear=2041").then().statusCode(200).body("size()", equalTo(0));
        // said in the words of the form, not in Java's type names ("Integer")
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body(String.format(cycle, "2041.5", "2041-03-31T23:59:59+08:00")).post("/api/v1/cycles").then().statusCode(400)
                .body("errors[0].message", equalTo("Field $.fiscalYear must be an integer"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(String.format(cycle, "2041", "next spring")).post("/api/v1/cycles").then().statusCode(400)
                .body("errors[0].field", equalTo("$.deadline")).body("errors[0].message", containsString("ISO 8601"));
        // the edges of the bound are stored and read back as sent
        String latest = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(String.format(cycle, "2042", "9999-12-31T23:59:59Z")).post("/api/v1/cycles").then().statusCode(201)
                .extract().path("deadline");
        org.junit.jupiter.api.Assertions.assertEquals(java.time.Instant.parse("9999-12-31T23:59:59Z"),
                java.time.OffsetDateTime.parse(latest).toInstant());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(String.format(cycle, "2043", "0001-01-01T00:00:00Z")).post("/api/v1/cycles").then().statusCode(201);
        // JSON that does not parse says where
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON).body("{\"code\": ")
                .post("/api/v1/departments").then().statusCode(400).body("detail", containsString("line 1"));
    }

    @Test
    void constraintMessagesFollowAcceptLanguageAndParametersAreNamedAsSent() {
        String blank = "{\"name\":\"   \",\"fiscalYear\":2044,\"deadline\":\"2045-03-31T23:59:59+08:00\",\"rubricCode\":\"department-overall\",\"rubricVersion\":1}";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(blank).post("/api/v1/cycles").then().statusCode(400)
                .body("errors[0].field", equalTo("$.name")).body("errors[0].message", equalTo("不能为空"));
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON).body(blank)
                .post("/api/v1/cycles").then().statusCode(400).body("errors[0].message", equalTo("must not be blank"));
        // a query parameter is named as the client wrote it, not as a body field ($.size)
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings?size=101").then().statusCode(400)
                .body("errors[0].field", equalTo("size")).body("errors[0].code", equalTo("constraint"));
    }

    @Test
    void wrongTypesAndUnknownFieldsNameTheField() {
        String dept = Fixtures.department();
        long cycle = Fixtures.openCycle();
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON)
                .body("{\"cycleId\":" + cycle + ",\"content\":{\"finance\":[{\"income\":{\"total\":\"lots\"}}]}}")
                .post("/api/v1/filings").then().statusCode(400)
                .body("errors.field", hasItem("$.content.finance[0].income.total"));
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON)
                .body("{\"cycleId\":" + cycle + ",\"content\":{\"basicInfo\":{\"contactNmae\":\"x\"}}}")
                .post("/api/v1/filings").then().statusCode(400)
                .body("errors.field", hasItem("$.content.basicInfo.contactNmae")).body("errors.code", hasItem("unknown-field"));
        // a short text for a number of a billion digits: refused where read, before any sum or hash
        // would spend minutes (or the heap) on it
        for (String huge : List.of("1e999999999", "1e-999999999", "123456789012345678901", "0.000000000000000000001")) {
            given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON)
                    .body("{\"cycleId\":" + cycle + ",\"content\":{\"finance\":[{\"subUnitCode\":\"X\",\"income\":{\"carryOver\":" + huge
                            + ",\"total\":0.01}}]}}")
                    .post("/api/v1/filings").then().statusCode(400)
                    .body("errors.field", equalTo(List.of("$.content.finance[0].income.carryOver")))
                    .body("errors.code", equalTo(List.of("out-of-range")));
        }
        // rejected whole: no draft was created
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings").then().body("totalItems", equalTo(0));
    }

    @Test
    void healthAndContractNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("outbox"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        // metrics are served on the management port only, without a token; the API port has none
        given().baseUri("http://127.0.0.1").port(managementPort).get("/q/metrics").then().statusCode(200).body(containsString("jixiao_filings"));
        given().get("/q/metrics").then().statusCode(org.hamcrest.Matchers.not(200));
    }

    @Test
    void problemBodiesCarryTypeTitleStatusDetailInstance() {
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/cycles/424242").then().statusCode(404)
                .body("type", containsString("/problems/not-found")).body("title", notNullValue())
                .body("status", equalTo(404)).body("detail", containsString("424242"))
                .body("instance", equalTo("/api/v1/cycles/424242"));
    }
}
