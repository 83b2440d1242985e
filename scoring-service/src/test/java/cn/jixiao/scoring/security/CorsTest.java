package cn.jixiao.scoring.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cn.jixiao.scoring.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The bureau's portal enters review scores from browsers: only its configured origin is allowed. */
@QuarkusTest
class CorsTest {

    static final String PORTAL = "https://portal.czj.example.gov.cn";

    @Test
    void preflightFromTheConfiguredOriginIsAnswered() {
        given().header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                .options("/api/v1/evaluations/6c0e3f7a-2f7e-4d7e-9e55-0d1b7b2f9a10/review-scores")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(PORTAL))
                .header("Access-Control-Allow-Methods", containsString("PUT"))
                .header("Access-Control-Allow-Headers", containsString("If-Match"));
    }

    @Test
    void actualRequestsExposeTheETag() {
        given().header("Origin", PORTAL).auth().oauth2(Tokens.admin()).get("/api/v1/rubrics")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(PORTAL))
                .header("Access-Control-Expose-Headers", containsString("ETag"));
    }

    @Test
    void otherOriginsAreNotAllowed() {
        given().header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .options("/api/v1/rubrics")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
