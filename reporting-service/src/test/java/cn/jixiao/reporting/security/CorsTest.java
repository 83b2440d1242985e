package cn.jixiao.reporting.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cn.jixiao.reporting.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** District dashboards read reports from browsers: only the configured origin is allowed. */
@QuarkusTest
class CorsTest {

    static final String PORTAL = "https://portal.czj.example.gov.cn";

    @Test
    void preflightFromTheConfiguredOriginIsAnswered() {
        given().header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,accept-language")
                .options("/api/v1/reports/2023/ranking")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(PORTAL))
                .header("Access-Control-Allow-Methods", containsString("GET"));
    }

    @Test
    void exportsExposeTheirFileName() {
        given().header("Origin", PORTAL).auth().oauth2(Tokens.viewer()).queryParam("format", "csv")
                .get("/api/v1/reports/2023/grades")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(PORTAL))
                .header("Access-Control-Expose-Headers", containsString("Content-Disposition"));
    }

    @Test
    void otherOriginsAreNotAllowed() {
        given().header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .options("/api/v1/reports/2023/grades")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
