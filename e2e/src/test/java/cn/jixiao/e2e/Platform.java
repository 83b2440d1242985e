package cn.jixiao.e2e;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;

/** Where the running platform is, and tokens from its real Keycloak. */
final class Platform {

    static final String HOST = System.getProperty("jixiao.host", "127.0.0.1");
    static final String KEYCLOAK = "http://" + HOST + ":" + System.getProperty("jixiao.keycloak.port", "8180");
    static final String SUBMISSION = "http://" + HOST + ":" + System.getProperty("jixiao.submission.port", "8081") + "/api/v1";
    static final String SCORING = "http://" + HOST + ":" + System.getProperty("jixiao.scoring.port", "8082") + "/api/v1";
    static final String REPORTING = "http://" + HOST + ":" + System.getProperty("jixiao.reporting.port", "8083") + "/api/v1/reports";
    static final Path HOME = Path.of(System.getProperty("jixiao.home",
            Path.of(System.getProperty("jixiao.root", "..")).resolve(".jixiao").toString()));

    private Platform() {
    }

    /** A user's token by the password grant of the public portal client (demo passwords). */
    static String token(String user) {
        return given().formParam("grant_type", "password").formParam("client_id", "jixiao-portal")
                .formParam("username", user).formParam("password", "jixiao-" + user)
                .post(KEYCLOAK + "/realms/jixiao/protocol/openid-connect/token")
                .then().statusCode(200).extract().jsonPath().getString("access_token");
    }
}
