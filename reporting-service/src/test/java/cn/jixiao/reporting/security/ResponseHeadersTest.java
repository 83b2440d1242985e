package cn.jixiao.reporting.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.jixiao.reporting.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Reports of the district's finance and scores must not stay behind in a browser's or a proxy's cache, and no answer may
 * be sniffed into another content type: every API answer says so, refusals included.
 */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void answersAreNeitherStoredNorSniffed() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2023/grades")
                .then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void refusalsCarryTheSameHeaders() {
        given().get("/api/v1/reports/2023/grades")
                .then().statusCode(401)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/no-such-report")
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
        given().port(9103).get("/q/metrics")
                .then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
