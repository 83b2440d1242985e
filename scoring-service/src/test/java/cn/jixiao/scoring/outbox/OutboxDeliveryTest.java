package cn.jixiao.scoring.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.support.Fixtures;
import cn.jixiao.scoring.support.Fixtures.Scenario;
import cn.jixiao.scoring.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "EvaluationCompleted" reaches reporting-service at least once: written with the evaluation,
 * delivered by the dispatcher (driven directly here; its schedule is off in tests), retried with
 * back-off when reporting-service fails.
 */
@QuarkusTest
class OutboxDeliveryTest {

    static final String REPORTS = "/auth/api/v1/reports/evaluations";

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    EntityManager em;

    @AfterEach
    void closeBreakers() {
        CircuitBreakerMaintenance.get().resetAll();
    }

    String evaluate() {
        Scenario s = Fixtures.scenario(wiremock, null);
        String body = Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).toString();
        return given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(body).post("/api/v1/evaluations")
                .then().statusCode(201).extract().path("id");
    }

    void drain() {
        while (dispatcher.deliverDue() > 0 && undelivered() > 0 && dueNow() > 0) {
            // each round delivers one batch
        }
    }

    @Test
    void anEvaluationIsAnnouncedToReportingWithTheAgreedPayload() {
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(202)));
        String id = evaluate();
        drain();
        List<LoggedRequest> sent = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))
                .withRequestBody(matchingJsonPath("$.evaluationId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id))));
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).getHeader("Authorization").startsWith("Bearer "), "service token sent");
        JsonNode m = read(sent.get(0).getBodyAsString());
        assertEquals("EvaluationCompleted", m.path("type").asText());
        assertNotNull(UUID.fromString(m.path("messageId").asText()));
        assertEquals(1, m.path("evaluationVersion").asLong());
        assertTrue(m.path("official").asBoolean());
        for (String f : List.of("filingId", "filingRevision", "filingSha256", "departmentCode", "departmentName", "departmentGroup", "fiscalYear",
                "cycleId", "rubricCode", "rubricVersion", "rubricHash", "evaluatedAt", "totalScore", "selfTotalScore", "grade", "categories",
                "indicators", "finance")) {
            assertTrue(m.has(f), "payload has " + f);
        }
        assertEquals("93.56", m.path("totalScore").decimalValue().toPlainString());
        assertEquals("优", m.path("grade").asText());
        assertTrue(m.path("evaluatedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*[+-]\\d\\d:\\d\\d"), m.path("evaluatedAt").asText());
        JsonNode category = m.path("categories").get(0);
        assertEquals("input", category.path("code").asText());
        assertTrue(category.has("parentCode") && category.get("parentCode").isNull());
        assertEquals("15.00", category.path("points").decimalValue().toPlainString());
        JsonNode indicator = m.path("indicators").get(6);
        assertEquals("three-public-control-rate", indicator.path("code").asText());
        assertEquals("process", indicator.path("level1Code").asText());
        assertEquals("budget-execution", indicator.path("level2Code").asText());
        assertEquals("3.92", indicator.path("computedScore").decimalValue().toPlainString());
        assertEquals("5.50", indicator.path("selfScore").decimalValue().toPlainString());
        assertTrue(indicator.path("reviewScore").isNull());
        assertTrue(indicator.path("overScored").asBoolean());
        for (String f : List.of("incomeTotal", "expenditureTotal", "basicExpenditure", "projectExpenditure", "balanceOfYear",
                "accumulatedBalance", "threePublicTotal", "fixedAssetsTotal")) {
            assertTrue(m.path("finance").path(f).isNumber(), "finance." + f);
        }
        assertEquals("350.40", m.path("finance").path("incomeTotal").decimalValue().toPlainString());
        assertNotNull(deliveredAt(id));
    }

    @Test
    void aMessageReportingRefusesForGoodIsParkedUntilAnAdminReQueuesIt() {
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(202)));
        drain();
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(400)));
        String id = evaluate();
        dispatcher.deliverDue();
        Object parked = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT parked_at FROM outbox_message WHERE aggregate_id = :a").setParameter("a", id).getSingleResult());
        assertNotNull(parked, "parked, not retried forever");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.data.parked", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(202)));
        CircuitBreakerMaintenance.get().resetAll();
        dispatcher.deliverDue();
        assertNull(deliveredAt(id), "a parked message waits for the admin");
        given().auth().oauth2(Tokens.admin()).post("/api/v1/outbox/requeue-parked").then().statusCode(200)
                .body("requeued", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        drain();
        assertNotNull(deliveredAt(id));
    }

    @Test
    void whenReportingFailsTheMessageWaitsAndIsDeliveredLater() {
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(202)));
        drain();
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(503)));
        String id = evaluate();
        dispatcher.deliverDue();
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT attempts, last_error, next_attempt_at >= created_at + interval '1 second' FROM outbox_message WHERE aggregate_id = :a").setParameter("a", id)
                .getSingleResult());
        assertEquals(1, ((Number) row[0]).intValue());
        assertTrue(String.valueOf(row[1]).contains("503"), String.valueOf(row[1]));
        assertEquals(Boolean.TRUE, row[2], "the next attempt waits at least the first back-off step");
        assertNull(deliveredAt(id));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.data.backlog", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        // reporting is back; the back-off has run out
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(202)));
        CircuitBreakerMaintenance.get().resetAll();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE outbox_message SET next_attempt_at = now() WHERE delivered_at IS NULL").executeUpdate());
        drain();
        assertNotNull(deliveredAt(id));
    }

    @Test
    void healthAndMetricsReportTheOutboxAndEvaluations() {
        evaluate();
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("outbox"))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jixiao_evaluations_created_total"))
                .body(containsString("jixiao_outbox_backlog"))
                .body(containsString("jixiao_outbox_lag_seconds"));
    }

    long undelivered() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox_message WHERE delivered_at IS NULL").getSingleResult()).longValue());
    }

    long dueNow() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox_message WHERE delivered_at IS NULL AND next_attempt_at <= now()").getSingleResult()).longValue());
    }

    Object deliveredAt(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT delivered_at FROM outbox_message WHERE aggregate_id = :a").setParameter("a", id).getSingleResult());
    }

    static JsonNode read(String body) {
        try {
            return Fixtures.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
