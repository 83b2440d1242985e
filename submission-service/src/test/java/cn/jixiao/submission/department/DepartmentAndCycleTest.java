package cn.jixiao.submission.department;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DepartmentAndCycleTest {

    @OidcWireMock
    WireMockServer wiremock;

    @BeforeEach
    void scoring() {
        Fixtures.stubScoring(wiremock);
    }

    @Test
    void adminRegistersADepartmentWithSubUnits() {
        String code = Fixtures.department();
        given().auth().oauth2(Tokens.admin()).get("/api/v1/departments/" + code).then().statusCode(200)
                .body("name", containsString(code)).body("group", equalTo("教科文卫"))
                .body("subUnits.code", contains(code + "-01", code + "-02"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/departments").then().statusCode(200)
                .body("code", hasItem(code));
    }

    @Test
    void updateReplacesNameGroupAndSubUnits() {
        String code = Fixtures.department();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"县教育局\",\"group\":\"教育\",\"subUnits\":[{\"code\":\"" + code + "-02\",\"name\":\"教研室\"},{\"code\":\"" + code + "-03\",\"name\":\"电教馆\"}]}")
                .put("/api/v1/departments/" + code).then().statusCode(200)
                .body("subUnits.code", contains(code + "-02", code + "-03")).body("subUnits[0].name", equalTo("教研室"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"subUnits\":[{\"code\":\"a\",\"name\":\"a\"}]}")
                .put("/api/v1/departments/NOPE").then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * Two admins editing the sub-units from the same reading: with If-Match, the second is told
     * the department changed (412) instead of silently undoing the first's change.
     */
    @Test
    void anUpdateWithTheETagReadIsRefusedOnceAnotherAdminChangedTheDepartment() {
        String code = Fixtures.department();
        String read = given().auth().oauth2(Tokens.admin()).get("/api/v1/departments/" + code).then().statusCode(200)
                .header("ETag", notNullValue()).extract().header("ETag");
        String added = "{\"name\":\"部门" + code + "\",\"subUnits\":[{\"code\":\"" + code + "-01\",\"name\":\"局机关\"},"
                + "{\"code\":\"" + code + "-02\",\"name\":\"二级机构\"},{\"code\":\"" + code + "-03\",\"name\":\"新设机构\"}]}";
        String next = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", read).body(added)
                .put("/api/v1/departments/" + code).then().statusCode(200).extract().header("ETag");
        org.junit.jupiter.api.Assertions.assertNotEquals(read, next);
        String removed = "{\"name\":\"部门" + code + "\",\"subUnits\":[{\"code\":\"" + code + "-01\",\"name\":\"局机关\"}]}";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", read).header("Accept-Language", "en")
                .body(removed).put("/api/v1/departments/" + code).then().statusCode(412).contentType("application/problem+json")
                .body("detail", containsString(next));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/departments/" + code).then().statusCode(200).header("ETag", equalTo(next))
                .body("subUnits.code", contains(code + "-01", code + "-02", code + "-03"));
        // read again, the change goes through
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", next).body(removed)
                .put("/api/v1/departments/" + code).then().statusCode(200).body("subUnits.code", contains(code + "-01"));
    }

    @Test
    void duplicateDepartmentIsAConflict() {
        String code = Fixtures.department();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"name\":\"x\",\"subUnits\":[{\"code\":\"a\",\"name\":\"a\"}]}")
                .post("/api/v1/departments").then().statusCode(409).body("errors.field", hasItem("$.code"));
    }

    @Test
    void concurrentCreatesOfOneCodeGiveOneDepartmentAndConflicts() throws Exception {
        // the look-up locks no row that does not exist yet: racing creates met at the primary key (a 500)
        String code = "RACE" + System.nanoTime() % 1_000_000;
        String body = "{\"code\":\"" + code + "\",\"name\":\"x\",\"subUnits\":[{\"code\":\"a\",\"name\":\"a\"}]}";
        String token = Tokens.admin();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/departments").statusCode();
                }));
            }
            go.countDown();
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            org.junit.jupiter.api.Assertions.assertEquals(1, statuses.stream().filter(x -> x == 201).count(), statuses.toString());
            org.junit.jupiter.api.Assertions.assertEquals(7, statuses.stream().filter(x -> x == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidDepartmentNamesEveryField() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Accept-Language", "en")
                .body("{\"code\":\"bad code!\",\"name\":\"\",\"subUnits\":[]}")
                .post("/api/v1/departments").then().statusCode(400)
                .body("title", equalTo("Invalid input"))
                .body("errors.field", hasItem("$.code"))
                .body("errors.field", hasItem("$.name"))
                .body("errors.field", hasItem("$.subUnits"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"DUPSUB\",\"name\":\"x\",\"subUnits\":[{\"code\":\"a\",\"name\":\"a\"},{\"code\":\"a\",\"name\":\"b\"}]}")
                .post("/api/v1/departments").then().statusCode(400).body("errors.field", hasItem("$.subUnits[1].code"));
    }

    @Test
    void onlyAdminsManageDepartmentsAndCycles() {
        for (String token : new String[] {Tokens.filer("X"), Tokens.reviewer(), Tokens.viewer(), Tokens.integration("X")}) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"code\":\"Z1\",\"name\":\"x\",\"subUnits\":[{\"code\":\"a\",\"name\":\"a\"}]}")
                    .post("/api/v1/departments").then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"name\":\"c\",\"fiscalYear\":2020,\"deadline\":\"2030-01-01T00:00:00+08:00\",\"rubricCode\":\"department-overall\",\"rubricVersion\":1}")
                    .post("/api/v1/cycles").then().statusCode(403);
        }
    }

    @Test
    void aFilerReadsOnlyItsOwnDepartment() {
        String own = Fixtures.department();
        String other = Fixtures.department();
        given().auth().oauth2(Tokens.filer(own)).get("/api/v1/departments/" + own).then().statusCode(200);
        String missing = given().auth().oauth2(Tokens.filer(own)).get("/api/v1/departments/NOPE").then().statusCode(404)
                .extract().jsonPath().getString("title");
        given().auth().oauth2(Tokens.filer(own)).get("/api/v1/departments/" + other).then().statusCode(404)
                .body("title", equalTo(missing));
        given().auth().oauth2(Tokens.filer(own)).get("/api/v1/departments").then().statusCode(403);
        given().auth().oauth2(Tokens.integration(other)).get("/api/v1/departments/" + other).then().statusCode(200);
        // a department claim counts for filers only: a viewer's token carrying one reads nothing
        given().auth().oauth2(Tokens.token("viewer-with-claim", List.of("viewer"), Map.of("department", own)))
                .get("/api/v1/departments/" + own).then().statusCode(404);
    }

    @Test
    void aCycleCopiesThePointsOfItsPublishedRubricVersion() {
        long id = Fixtures.openCycle();
        given().auth().oauth2(Tokens.filer("ANY")).get("/api/v1/cycles/" + id).then().statusCode(200)
                .body("rubricCode", equalTo("department-overall")).body("rubricVersion", equalTo(1))
                .body("indicatorPoints.'three-public-control-rate'", equalTo(6))
                .body("indicatorPoints.'output-growth-pole'", equalTo(7))
                .body("createdBy", equalTo("admin1"));
        given().auth().oauth2(Tokens.viewer()).queryParam("fiscalYear", 2020).get("/api/v1/cycles").then().statusCode(200)
                .body("id", hasItem((int) id));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/cycles/999999").then().statusCode(404);
    }

    @Test
    void aCycleNeedsAnExistingPublishedRubricVersion() {
        String body = "{\"name\":\"c\",\"fiscalYear\":2020,\"deadline\":\"" + OffsetDateTime.now().plusDays(1) + "\",\"rubricCode\":\"%s\",\"rubricVersion\":%d}";
        // a rubric scoring does not have is the code's fault, a version it lacks the version's
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(String.format(body, "nosuch", 1))
                .post("/api/v1/cycles").then().statusCode(400).body("errors.field", equalTo(List.of("$.rubricCode")))
                .body("errors.code", hasItem("unknown-rubric"));
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body(String.format(body, "department-overall", 9))
                .post("/api/v1/cycles").then().statusCode(400).body("errors.field", equalTo(List.of("$.rubricVersion")))
                .body("errors.code", hasItem("unknown-rubric")).body("errors[0].message", containsString("(published: 1)"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(String.format(body, "draft", 1))
                .post("/api/v1/cycles").then().statusCode(400).body("errors.code", hasItem("not-published"));
    }

    @Test
    void scoringDownMeansRetryLaterAndNothingIsWritten() {
        long before = given().auth().oauth2(Tokens.admin()).get("/api/v1/cycles").then().extract().jsonPath().getList("id").size();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"c\",\"fiscalYear\":2020,\"deadline\":\"2030-01-01T00:00:00+08:00\",\"rubricCode\":\"broken\",\"rubricVersion\":1}")
                .post("/api/v1/cycles").then().statusCode(503).header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        long after = given().auth().oauth2(Tokens.admin()).get("/api/v1/cycles").then().extract().jsonPath().getList("id").size();
        org.junit.jupiter.api.Assertions.assertEquals(before, after);
    }

    @Test
    void invalidCycleNamesItsFields() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"fiscalYear\":1999,\"rubricCode\":\"department-overall\",\"rubricVersion\":0}")
                .post("/api/v1/cycles").then().statusCode(400)
                .body("errors.field", hasItem("$.name")).body("errors.field", hasItem("$.fiscalYear"))
                .body("errors.field", hasItem("$.deadline")).body("errors.field", hasItem("$.rubricVersion"));
    }
}
