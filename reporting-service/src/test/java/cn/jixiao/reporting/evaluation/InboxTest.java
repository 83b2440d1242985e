package cn.jixiao.reporting.evaluation;

import static cn.jixiao.reporting.support.Api.dec;
import static cn.jixiao.reporting.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.reporting.support.Messages;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The inbox: at least once, in any order; only official evaluations count. Years 2034–2038 are this class's. */
@QuarkusTest
class InboxTest {

    /** The management interface's port (metrics are served there, beside the API's port). */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Inject
    AgroalDataSource dataSource;

    private static Messages.Builder simple(String dept, String group, int year, String total, String grade) {
        return Messages.evaluation(dept, "部门" + dept, group, year, year * 10L + 1).totals(total, total, grade)
                .indicator("ind-a", "5.00", "5.00", "5.00", null, false, false)
                .indicator("ind-b", "3.00", "3.00", "3.00", null, false, false)
                .indicator("ind-c", "5.00", null, "5.00", "5.00", false, false);
    }

    @Test
    void theSameMessageTwiceCountsOnce() {
        ObjectNode message = simple("IN1", "综合", 2035, "91.00", "优").build();
        assertEquals("APPLIED", Messages.deliver(message));
        assertEquals("DUPLICATE", Messages.deliver(message));
        JsonNode grades = json("/api/v1/reports/2035/grades", Tokens.viewer());
        assertEquals(1, grades.get("departmentCount").asInt());
        JsonNode indicators = json("/api/v1/reports/2035/indicators", Tokens.viewer()).get("indicators");
        assertEquals(1, indicators.get(0).get("departmentCount").asInt());
        assertEquals(dec("5.00"), dec(indicators.get(0), "averageScore"));
        given().baseUri("http://127.0.0.1").port(managementPort).get("/q/metrics").then().statusCode(200)
                .body(containsString("reporting_messages_duplicates_total"))
                .body(containsString("reporting_messages_received_total{outcome=\"applied\""));
    }

    @Test
    void anOlderRevisionArrivingAfterTheNewerOneIsIgnored() {
        ObjectNode newer = simple("IN2", "综合", 2036, "70.00", "中").revision(2).build();
        ObjectNode older = simple("IN2", "综合", 2036, "95.00", "优").revision(1).build();
        assertEquals("APPLIED", Messages.deliver(newer));
        assertEquals("SUPERSEDED", Messages.deliver(older));
        JsonNode ranking = json("/api/v1/reports/2036/ranking", Tokens.viewer());
        assertEquals(1, ranking.get("totalItems").asInt());
        assertEquals(dec("70.00"), dec(ranking.get("items").get(0), "totalScore"));
        assertEquals("中", ranking.get("items").get(0).get("grade").asText());
    }

    @Test
    void anOlderVersionOfAnEvaluationIsStaleAndANewerOneReplacesIt() {
        String evaluation = UUID.randomUUID().toString();
        assertEquals("APPLIED", Messages.deliver(simple("IN3", "综合", 2034, "62.00", "中").version(evaluation, 3).build()));
        assertEquals("STALE", Messages.deliver(simple("IN3", "综合", 2034, "99.00", "优").version(evaluation, 2).build()));
        assertEquals("APPLIED", Messages.deliver(simple("IN3", "综合", 2034, "82.00", "良").version(evaluation, 4).build()));
        JsonNode trend = json("/api/v1/reports/departments/IN3/trend", Tokens.viewer());
        assertEquals(1, trend.get("years").size());
        assertEquals(dec("82.00"), dec(trend.get("years").get(0), "totalScore"));
    }

    @Test
    void aNewerRevisionMovesTheDepartmentToItsNewGradeAndGroup() {
        assertEquals("APPLIED", Messages.deliver(simple("IN4", "农林水", 2037, "85.00", "良").revision(1).build()));
        assertEquals("APPLIED", Messages.deliver(simple("IN4", "城建", 2037, "55.00", "差").revision(2).build()));
        JsonNode all = json("/api/v1/reports/2037/grades", Tokens.viewer()).get("grades");
        assertEquals(0, all.get(1).get("departmentCount").asInt());
        assertEquals(1, all.get(3).get("departmentCount").asInt());
        assertEquals(0, json("/api/v1/reports/2037/grades?group=农林水", Tokens.viewer()).get("departmentCount").asInt());
        assertEquals(1, json("/api/v1/reports/2037/grades?group=城建", Tokens.viewer()).get("departmentCount").asInt());
        JsonNode finance = json("/api/v1/reports/2037/finance?group=农林水", Tokens.viewer());
        assertEquals(0, finance.get("departmentCount").asInt());
    }

    @Test
    void aNonOfficialEvaluationNeverCounts() {
        assertEquals("NOT_OFFICIAL", Messages.deliver(simple("IN5", null, 2038, "99.00", "优").official(false).build()));
        assertEquals(0, json("/api/v1/reports/2038/grades", Tokens.viewer()).get("departmentCount").asInt());
        assertEquals("APPLIED", Messages.deliver(simple("IN5", null, 2038, "75.00", "中").build()));
        JsonNode ranking = json("/api/v1/reports/2038/ranking", Tokens.viewer());
        assertEquals(1, ranking.get("totalItems").asInt());
        assertEquals(dec("75.00"), dec(ranking.get("items").get(0), "totalScore"));
        assertEquals(true, ranking.get("items").get(0).get("departmentGroup").isNull());
        // a later non-official re-score of the same department changes nothing
        assertEquals("NOT_OFFICIAL", Messages.deliver(simple("IN5", null, 2038, "100.00", "优").official(false).build()));
        assertEquals(dec("75.00"), dec(json("/api/v1/reports/2038/ranking", Tokens.viewer()).get("items").get(0), "totalScore"));
    }

    @Test
    void aMalformedMessageIsRefusedNamingEveryField() {
        ObjectNode bad = simple("IN6", "综合", 2038, "75.00", "中").build();
        bad.remove("evaluationId");
        bad.put("grade", "A");
        bad.put("type", "SomethingElse");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(bad.toString())
                .post("/api/v1/reports/evaluations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://jixiao.cn/problems/invalid-input"))
                .body("errors.field", hasItems("$.evaluationId", "$.grade", "$.type"));
        ObjectNode noMessageId = simple("IN6", "综合", 2038, "75.00", "中").build();
        noMessageId.remove("messageId");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(noMessageId.toString())
                .post("/api/v1/reports/evaluations").then().statusCode(400).body("errors.field", hasItems("$.messageId"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"messageId\": ")
                .post("/api/v1/reports/evaluations").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyServicesDeliver() {
        ObjectNode message = simple("IN7", "综合", 2038, "75.00", "中").build();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(message.toString())
                .post("/api/v1/reports/evaluations").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(message.toString())
                .post("/api/v1/reports/evaluations").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void whileARebuildRunsDeliveriesAreAskedToComeBackLater() throws Exception {
        ObjectNode message = simple("IN8", "综合", 2038, "66.00", "中").build();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // what the rebuild holds for its whole transaction
                s.execute("SELECT pg_advisory_xact_lock(7, 1)");
                given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(message.toString())
                        .post("/api/v1/reports/evaluations").then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "5")
                        .body("type", equalTo("https://jixiao.cn/problems/rebuild-in-progress"));
            } finally {
                c.rollback();
            }
        }
        // the refused delivery left no trace: delivered again, it is applied
        assertEquals("APPLIED", Messages.deliver(message));
    }

    @Test
    void readinessChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }
}
