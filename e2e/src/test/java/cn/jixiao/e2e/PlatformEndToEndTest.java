package cn.jixiao.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform as its users meet it, with real Keycloak tokens: a filer files and submits,
 * scoring happens on its own, the result reaches the reports and their CSV, another
 * department sees nothing, a reviewer returns and then accepts, a viewer reads the district.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndTest {

    static final String DEPT = "E2E";
    static final int YEAR = 2024;

    @Test
    @Order(1)
    void aFilingGoesFromDraftToScoredToAcceptedAndIntoTheReports() throws IOException {
        String admin = Platform.token("admin");
        String filer = Platform.token("filer-e2e");
        String reviewer = Platform.token("reviewer");
        String viewer = Platform.token("viewer");
        String otherFiler = Platform.token("filer-d001");

        // the bureau registers the department (first run only) and opens a cycle for this run
        int status = given().auth().oauth2(admin).get(Platform.SUBMISSION + "/departments/" + DEPT).statusCode();
        if (status == 404) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"code\":\"E2E\",\"name\":\"端到端测试局\",\"group\":\"测试\",\"subUnits\":[{\"code\":\"E2E-01\",\"name\":\"局机关\"},{\"code\":\"E2E-02\",\"name\":\"下属单位\"}]}")
                    .post(Platform.SUBMISSION + "/departments").then().statusCode(201);
        }
        long cycle = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"E2E " + OffsetDateTime.now() + "\",\"fiscalYear\":" + YEAR + ",\"deadline\":\""
                        + OffsetDateTime.now().plusDays(1) + "\",\"rubricCode\":\"department-overall\",\"rubricVersion\":1}")
                .post(Platform.SUBMISSION + "/cycles").then().statusCode(201).extract().jsonPath().getLong("id");

        // the filer creates, checks and submits
        Response draft = given().auth().oauth2(filer).contentType(ContentType.JSON)
                .body("{\"cycleId\":" + cycle + ",\"content\":" + content() + "}")
                .post(Platform.SUBMISSION + "/filings").then().statusCode(201).extract().response();
        String id = draft.jsonPath().getString("id");
        given().auth().oauth2(filer).get(Platform.SUBMISSION + "/filings/" + id + "/validation").then().statusCode(200)
                .body("valid", equalTo(true));
        given().auth().oauth2(filer).header("If-Match", draft.header("ETag"))
                .post(Platform.SUBMISSION + "/filings/" + id + "/submit").then().statusCode(200).body("status", equalTo("SUBMITTED"));

        // scoring happens on its own
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().auth().oauth2(reviewer).queryParam("filingId", id).get(Platform.SCORING + "/evaluations")
                        .then().extract().asString().contains(id));

        // and reaches the reports, as JSON and as CSV
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().auth().oauth2(viewer).queryParam("cycleId", cycle).get(Platform.REPORTING + "/" + YEAR + "/ranking")
                        .then().extract().asString().contains(DEPT));
        String csv = given().auth().oauth2(viewer).queryParam("cycleId", cycle).queryParam("format", "csv")
                .get(Platform.REPORTING + "/" + YEAR + "/ranking").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertTrue(csv.contains(DEPT), csv);

        // another department's filer sees it exactly as a filing that does not exist
        String other = given().auth().oauth2(otherFiler).get(Platform.SUBMISSION + "/filings/" + id).then().statusCode(404)
                .extract().jsonPath().getString("title");
        String missing = given().auth().oauth2(otherFiler).get(Platform.SUBMISSION + "/filings/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).extract().jsonPath().getString("title");
        assertEquals(missing, other);

        // the reviewer returns it, the filer resubmits, the reviewer accepts
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).header("If-Match", etag(reviewer, id))
                .body("{\"reason\":\"请补充说明三公经费\"}").post(Platform.SUBMISSION + "/filings/" + id + "/return")
                .then().statusCode(200).body("status", equalTo("RETURNED")).body("revision", equalTo(2));
        given().auth().oauth2(filer).header("If-Match", etag(filer, id))
                .post(Platform.SUBMISSION + "/filings/" + id + "/submit").then().statusCode(200).body("revision", equalTo(2));
        given().auth().oauth2(reviewer).header("If-Match", etag(reviewer, id))
                .post(Platform.SUBMISSION + "/filings/" + id + "/accept").then().statusCode(200).body("status", equalTo("ACCEPTED"));
        given().auth().oauth2(filer).get(Platform.SUBMISSION + "/filings/" + id + "/history").then().statusCode(200)
                .body("action", org.hamcrest.Matchers.contains("CREATED", "SUBMITTED", "RETURNED", "SUBMITTED", "ACCEPTED"));

        // a viewer reads the district ranking of the sample district
        given().auth().oauth2(viewer).get(Platform.REPORTING + "/2023/ranking").then().statusCode(200)
                .body(containsString("D001"));
    }

    @Test
    @Order(2)
    void filingsSubmittedWhileScoringIsDownAreEachScoredOnceItIsBack() throws Exception {
        String admin = Platform.token("admin");
        String filer = Platform.token("filer-e2e");
        String reviewer = Platform.token("reviewer");
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.List<String> etags = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long cycle = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"name\":\"E2E outage " + i + " " + OffsetDateTime.now() + "\",\"fiscalYear\":" + YEAR + ",\"deadline\":\""
                            + OffsetDateTime.now().plusDays(1) + "\",\"rubricCode\":\"department-overall\",\"rubricVersion\":1}")
                    .post(Platform.SUBMISSION + "/cycles").then().statusCode(201).extract().jsonPath().getLong("id");
            Response draft = given().auth().oauth2(filer).contentType(ContentType.JSON)
                    .body("{\"cycleId\":" + cycle + ",\"content\":" + content() + "}")
                    .post(Platform.SUBMISSION + "/filings").then().statusCode(201).extract().response();
            ids.add(draft.jsonPath().getString("id"));
            etags.add(draft.header("ETag"));
        }

        // scoring-service goes down
        long pid = Long.parseLong(Files.readString(Platform.HOME.resolve("scoring-service.pid")).trim());
        ProcessHandle scoring = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("scoring-service is not running as " + pid));
        scoring.destroy();
        scoring.onExit().get();

        // departments go on submitting: nothing depends on scoring being up
        for (int i = 0; i < ids.size(); i++) {
            given().auth().oauth2(filer).header("If-Match", etags.get(i))
                    .post(Platform.SUBMISSION + "/filings/" + ids.get(i) + "/submit").then().statusCode(200);
        }

        // once it is back, every filing is scored, and exactly once
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() ->
                    given().auth().oauth2(reviewer).queryParam("filingId", id).get(Platform.SCORING + "/evaluations")
                            .then().extract().jsonPath().getInt("totalItems") >= 1);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().get(Platform.SUBMISSION.replace("/api/v1", "") + "/q/health/ready").then().extract()
                        .jsonPath().getInt("checks.find { it.name == 'outbox' }.data.pending") == 0);
        for (String id : ids) {
            assertEquals(1, given().auth().oauth2(reviewer).queryParam("filingId", id).get(Platform.SCORING + "/evaluations")
                    .then().statusCode(200).extract().jsonPath().getInt("totalItems"), "evaluations of " + id);
        }
    }

    @Test
    @Order(3)
    void aKeycloakRestartDoesNotBreakValidTokens() throws Exception {
        String reviewer = Platform.token("reviewer");
        long pid = Long.parseLong(Files.readString(Platform.HOME.resolve("keycloak.pid")).trim());
        ProcessHandle keycloak = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("Keycloak is not running as " + pid));
        keycloak.descendants().forEach(ProcessHandle::destroy);
        keycloak.destroy();
        keycloak.onExit().get();

        // while Keycloak is down, tokens it issued still open every service
        given().auth().oauth2(reviewer).get(Platform.SUBMISSION + "/filings").then().statusCode(200);
        given().auth().oauth2(reviewer).get(Platform.SCORING + "/rubrics/department-overall/versions/1").then().statusCode(200);
        given().auth().oauth2(reviewer).get(Platform.REPORTING + "/2023/grades").then().statusCode(200);

        // the launcher brings Keycloak back; new tokens work too
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> Platform.token("viewer") != null);
        given().auth().oauth2(Platform.token("viewer")).get(Platform.REPORTING + "/2023/grades").then().statusCode(200);
        given().auth().oauth2(reviewer).get(Platform.SUBMISSION + "/filings").then().statusCode(200);
    }

    private static String etag(String token, String id) {
        return given().auth().oauth2(token).get(Platform.SUBMISSION + "/filings/" + id).then().statusCode(200).extract().header("ETag");
    }

    private static String content() throws IOException {
        try (InputStream in = PlatformEndToEndTest.class.getClassLoader().getResourceAsStream("filing-valid.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"D001-0", "\"E2E-0");
        }
    }
}
