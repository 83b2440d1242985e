package cn.jixiao.scoring.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.jixiao.scoring.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Rubrics and a department's scores must not stay behind in a browser's or a proxy's cache, and no answer may
 * be sniffed into another content type: every API answer says so, refusals included.
 */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void answersAreNeitherStoredNorSniffed() {
        given().auth().oauth2(Tokens.admin()).get("/api/v1/rubrics")
                .then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void refusalsCarryTheSameHeaders() {
        given().get("/api/v1/rubrics")
                .then().statusCode(401)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/rubrics/no-such-rubric/versions/1")
                .then().statusCode(404)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void probesAreNotSniffed() {
        given().get("/q/health/live")
                .then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void metricsOnTheManagementPort() {
        given().port(9102).get("/q/metrics")
                .then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
