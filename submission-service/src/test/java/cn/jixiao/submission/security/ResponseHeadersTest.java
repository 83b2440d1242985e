package cn.jixiao.submission.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.jixiao.submission.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A department's filings must not stay behind in a browser's or a proxy's cache, and no answer may
 * be sniffed into another content type: every API answer says so, refusals included.
 */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void answersAreNeitherStoredNorSniffed() {
        given().auth().oauth2(Tokens.admin()).get("/api/v1/cycles")
                .then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void refusalsCarryTheSameHeaders() {
        given().get("/api/v1/cycles")
                .then().statusCode(401)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/filings/6c0e3f7a-2f7e-4d7e-9e55-0d1b7b2f9a10")
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
        given().port(9101).get("/q/metrics")
                .then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
