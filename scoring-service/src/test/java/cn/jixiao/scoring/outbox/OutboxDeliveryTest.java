package cn.jixiao.scoring.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.support.Fixtures.Scenario;
import cn.jixiao.scoring.support.Fixtures;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "EvaluationCompleted" reaches reporting-service at least once: written with the evaluation,
 * delivered in batches by the dispatcher (driven directly here; its schedule is off in tests),
 * each message settled by its own outcome, retried with back-off when reporting-service fails.
 */
@QuarkusTest
class OutboxDeliveryTest {

    /** The management interface's port (metrics are served there, beside the API's port). */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    static final String REPORTS = "/auth/api/v1/reports/evaluations/batch";

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    EntityManager em;

    @BeforeEach
    void serviceToken() {
        Fixtures.stubServiceToken(wiremock);
    }

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
        String id = evaluate();
        reportingAnswers(Map.of());
        drain();
        List<LoggedRequest> sent = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))
                .withRequestBody(matchingJsonPath("$.messages[?(@.evaluationId == '" + id + "')]")));
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).getHeader("Authorization").startsWith("Bearer "), "service token sent");
        assertTrue(sent.get(0).getHeader("Content-Type").startsWith("application/json"), sent.get(0).getHeader("Content-Type"));
        JsonNode m = null;
        for (JsonNode message : read(sent.get(0).getBodyAsString()).path("messages")) {
            if (message.path("evaluationId").asText().equals(id)) {
                m = message;
            }
        }
        assertNotNull(m);
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
        reportingAnswers(Map.of());
        drain();
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(400)));
        String id = evaluate();
        dispatcher.deliverDue();
        Object parked = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT parked_at FROM outbox_message WHERE aggregate_id = :a").setParameter("a", id).getSingleResult());
        assertNotNull(parked, "parked, not retried forever");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.data.parked", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        reportingAnswers(Map.of());
        CircuitBreakerMaintenance.get().resetAll();
        dispatcher.deliverDue();
        assertNull(deliveredAt(id), "a parked message waits for the admin");
        given().auth().oauth2(Tokens.admin()).post("/api/v1/outbox/requeue-parked").then().statusCode(200)
                .body("requeued", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        reportingAnswers(Map.of());
        drain();
        assertNotNull(deliveredAt(id));
    }

    @Test
    void aBatchRefusedForOurCredentialsWaitsInsteadOfParking() {
        reportingAnswers(Map.of());
        drain();
        String id = evaluate();
        // a token that expired in flight, or a role missing after a deploy: the messages are fine
        for (int status : new int[] {401, 403}) {
            wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(status)));
            backOffOver();
            dispatcher.deliverDue();
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "SELECT parked_at, last_error FROM outbox_message WHERE aggregate_id = :a").setParameter("a", id).getSingleResult());
            assertNull(row[0], "not parked after " + status);
            assertTrue(String.valueOf(row[1]).contains(String.valueOf(status)), String.valueOf(row[1]));
        }
        backOffOver();
        reportingAnswers(Map.of());
        drain();
        assertNotNull(deliveredAt(id));
    }

    /** As if the back-off of every undelivered message and the circuit breaker's delay had run out. */
    private void backOffOver() {
        CircuitBreakerMaintenance.get().resetAll();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE outbox_message SET next_attempt_at = now() WHERE delivered_at IS NULL").executeUpdate());
    }

    @Test
    void whenReportingFailsTheMessageWaitsAndIsDeliveredLater() {
        reportingAnswers(Map.of());
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
        backOffOver();
        reportingAnswers(Map.of());
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
        given().baseUri("http://127.0.0.1").port(managementPort).get("/q/metrics").then().statusCode(200)
                .body(containsString("jixiao_evaluations_created_total"))
                .body(containsString("jixiao_outbox_backlog"))
                .body(containsString("jixiao_outbox_lag_seconds"));
    }

    @Test
    void everyMessageOfABatchIsSettledByItsOwnOutcome() {
        reportingAnswers(Map.of());
        drain();
        String applied = evaluate();
        String duplicate = evaluate();
        String refused = evaluate();
        String rebuilding = evaluate();
        String forgotten = evaluate();
        Map<String, Integer> answers = new HashMap<>();
        answers.put(applied, 200);
        answers.put(duplicate, 200);
        answers.put(refused, 400);
        answers.put(rebuilding, 503);
        answers.put(forgotten, null);
        reportingAnswers(answers);
        int before = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))).size();
        assertTrue(dispatcher.deliverDue() >= 5);
        assertEquals(before + 1, wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))).size(), "one request for the batch");

        assertNotNull(row(applied)[0]);
        assertNotNull(row(duplicate)[0]);
        Object[] parked = row(refused);
        assertNull(parked[0]);
        assertNotNull(parked[1], "a 400 is parked, not retried");
        assertTrue(String.valueOf(parked[3]).contains("400") && String.valueOf(parked[3]).contains("refused"), String.valueOf(parked[3]));
        for (String retried : List.of(rebuilding, forgotten)) {
            Object[] r = row(retried);
            assertNull(r[0]);
            assertNull(r[1], "a 503 or a missing outcome is retried, not parked");
            assertEquals(1, ((Number) r[2]).intValue());
            assertEquals(Boolean.TRUE, r[4], "the next attempt waits the first back-off step");
        }
        assertTrue(String.valueOf(row(rebuilding)[3]).contains("503"));
        assertTrue(String.valueOf(row(forgotten)[3]).contains("no outcome"));
    }

    @Test
    void theStoredMessagesTravelTogetherAsTheyAre() {
        reportingAnswers(Map.of());
        drain();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(evaluate());
        }
        reportingAnswers(Map.of());
        int before = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))).size();
        drain();
        List<LoggedRequest> sent = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS)));
        assertEquals(before + 1, sent.size(), "one request");
        String body = sent.get(sent.size() - 1).getBodyAsString();
        JsonNode batch = read(body);
        List<String> carried = new ArrayList<>();
        for (JsonNode m : batch.path("messages")) {
            carried.add(m.path("evaluationId").asText());
            // character for character what the outbox holds (PostgreSQL's rendering of the jsonb), not written again
            String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                    "SELECT payload::text FROM outbox_message WHERE id = :id").setParameter("id", UUID.fromString(m.path("messageId").asText()))
                    .getSingleResult());
            assertTrue(body.contains(stored), "the stored text is in the body as it is");
        }
        assertTrue(carried.containsAll(ids), carried.toString());
        ids.forEach(id -> assertNotNull(row(id)[0]));
    }

    @Test
    void theBatchCarriesTheRequestIdOfTheRequestThatCausedIt() {
        reportingAnswers(Map.of());
        drain();
        Scenario s = Fixtures.scenario(wiremock, null);
        String trace = "trace-" + s.filingId();
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).header("X-Request-Id", trace)
                .body(Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).toString())
                .post("/api/v1/evaluations").then().statusCode(201);
        reportingAnswers(Map.of());
        drain();
        assertEquals(1, wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))
                .withHeader("X-Request-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(trace))).size());
    }

    @Test
    void aBatchStaysUnderTheCharacterBudgetAndTheRestGoesInTheNextRequest() {
        reportingAnswers(Map.of());
        drain();
        // three messages of over a third of the budget each: two fit one request, the third goes in the next
        String padding = "x".repeat(OutboxDispatcher.MAX_BATCH_CHARS / 3 + 1000);
        List<String> aggregates = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String aggregate = "large-" + UUID.randomUUID();
            aggregates.add(aggregate);
            UUID id = UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    INSERT INTO outbox_message (id, type, aggregate_id, payload, created_at, next_attempt_at)
                    VALUES (:id, 'EvaluationCompleted', :a, CAST(:p AS jsonb), now(), now())""")
                    .setParameter("id", id).setParameter("a", aggregate)
                    .setParameter("p", "{\"messageId\":\"" + id + "\",\"type\":\"EvaluationCompleted\",\"padding\":\"" + padding + "\"}")
                    .executeUpdate());
        }
        reportingAnswers(Map.of());
        int before = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))).size();
        dispatcher.deliverDue();
        List<LoggedRequest> sent = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS)));
        assertEquals(before + 2, sent.size(), "two requests");
        assertEquals(2, read(sent.get(sent.size() - 2).getBodyAsString()).path("messages").size());
        assertEquals(1, read(sent.get(sent.size() - 1).getBodyAsString()).path("messages").size());
        for (LoggedRequest r : sent.subList(sent.size() - 2, sent.size())) {
            assertTrue(r.getBodyAsString().length() < 1024 * 1024 / 3, "well under reporting's 1 MiB limit");
        }
        aggregates.forEach(a -> assertNotNull(row(a)[0]));
    }

    @Test
    void aCommittedEvaluationIsDeliveredWithoutWaitingForThePoll() {
        // a pause an earlier test's unreachable reporting began ends with the first answered batch
        evaluate();
        reportingAnswers(Map.of());
        drain();
        dispatcher.enable(true);
        String id;
        try {
            id = evaluate();
            // the poll is off in tests: only the commit's own wake-up can post it
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !wiremock.findAll(
                    postRequestedFor(urlEqualTo(REPORTS)).withRequestBody(matchingJsonPath("$.messages[?(@.evaluationId == '" + id + "')]")))
                    .isEmpty());
        } finally {
            dispatcher.enable(false);
        }
        // the stub could not know the new message's id: it is retried, and delivered once reporting answers for it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> ((Number) row(id)[2]).intValue() == 1);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE outbox_message SET next_attempt_at = now() WHERE delivered_at IS NULL AND parked_at IS NULL").executeUpdate());
        reportingAnswers(Map.of());
        drain();
        assertNotNull(row(id)[0]);
    }

    /** The evaluations of reporting's requests sent since {@code before}, request by request. */
    private List<List<String>> evaluationsSentSince(int before) {
        List<LoggedRequest> sent = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS)));
        return sent.subList(before, sent.size()).stream()
                .map(r -> read(r.getBodyAsString()).path("messages").findValuesAsText("evaluationId")).toList();
    }

    /** Delivers what the test left waiting, so that the next test starts with an empty outbox. */
    private void deliverWhatIsLeft() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE outbox_message SET next_attempt_at = now() WHERE delivered_at IS NULL AND parked_at IS NULL").executeUpdate());
        reportingAnswers(Map.of());
        drain();
    }

    /**
     * Scores once to warm the service (a fresh one's first evaluation can take longer than the
     * quiet), delivers whatever earlier tests left waiting, and returns how many requests
     * reporting has had so far.
     */
    private int warmedWithAnEmptyOutbox() {
        evaluate();
        deliverWhatIsLeft();
        return wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS))).size();
    }

    @Test
    void evaluationsRecordedInABurstGoToReportingTogetherOnceScoringIsQuiet() {
        int before = warmedWithAnEmptyOutbox();
        List<String> burst = new ArrayList<>();
        dispatcher.enable(true);
        try {
            // a few tenths of a second apart, the burst lasts longer than the quiet (1 s in tests):
            // each commit starts the quiet again
            for (int i = 0; i < 4; i++) {
                sleep(i == 0 ? 0 : 250);
                burst.add(evaluate());
            }
            assertEquals(List.of(), evaluationsSentSince(before), "nothing goes while the evaluations keep coming");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !evaluationsSentSince(before).isEmpty());
        } finally {
            dispatcher.enable(false);
        }
        assertEquals(List.of(burst), evaluationsSentSince(before), "the whole burst in one request, in the order recorded");
        deliverWhatIsLeft();
    }

    @Test
    void aSteadyStreamStillReachesReportingWithinTheLongestGather() {
        int before = warmedWithAnEmptyOutbox();
        List<String> stream = new ArrayList<>();
        long longest = Duration.ofSeconds(3).toMillis(); // jixiao.outbox.longest-gather in tests
        dispatcher.enable(true);
        try {
            // an evaluation every few tenths of a second never leaves scoring quiet for 1 s; what
            // has waited the longest gather goes while the stream goes on
            long started = System.currentTimeMillis();
            while (System.currentTimeMillis() - started < 2 * longest) {
                stream.add(evaluate());
                sleep(200);
            }
            List<LoggedRequest> sent = wiremock.findAll(postRequestedFor(urlEqualTo(REPORTS)));
            assertTrue(sent.size() > before, "a request went while evaluations kept coming");
            LoggedRequest first = sent.get(before);
            long after = first.getLoggedDate().getTime() - started;
            assertTrue(after <= longest + 1500, "the first request went " + after + " ms after the stream began");
            List<String> carried = read(first.getBodyAsString()).path("messages").findValuesAsText("evaluationId");
            assertTrue(carried.size() < stream.size(), "the first request did not wait for the stream's end: " + carried);
            assertEquals(stream.subList(0, carried.size()), carried, "the oldest first");
        } finally {
            dispatcher.enable(false);
        }
        deliverWhatIsLeft();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whileReportingCannotBeReachedEveryMessageWaits() {
        reportingAnswers(Map.of());
        drain();
        String id = evaluate();
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withFault(
                com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        dispatcher.deliverDue();
        Object[] r = row(id);
        assertNull(r[0]);
        assertNull(r[1], "unreachable is not refused: retried");
        assertEquals(1, ((Number) r[2]).intValue());
        CircuitBreakerMaintenance.get().resetAll();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE outbox_message SET next_attempt_at = now() WHERE delivered_at IS NULL AND parked_at IS NULL").executeUpdate());
        reportingAnswers(Map.of());
        drain();
        assertNotNull(row(id)[0]);
    }

    /**
     * Reporting's answer to the next batch: an outcome for every message waiting now, 200 unless
     * the evaluation is named with another status (null: left out of the receipt).
     */
    private void reportingAnswers(Map<String, Integer> statusByEvaluation) {
        @SuppressWarnings("unchecked")
        List<Object[]> waiting = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT id, aggregate_id FROM outbox_message WHERE delivered_at IS NULL AND parked_at IS NULL").getResultList());
        StringBuilder body = new StringBuilder("{\"outcomes\":[");
        String sep = "";
        for (Object[] w : waiting) {
            String evaluation = (String) w[1];
            if (statusByEvaluation.containsKey(evaluation) && statusByEvaluation.get(evaluation) == null) {
                continue;
            }
            int status = statusByEvaluation.getOrDefault(evaluation, 200);
            body.append(sep).append("{\"messageId\":\"").append(w[0]).append("\",\"status\":").append(status);
            if (status == 200) {
                body.append(",\"outcome\":\"APPLIED\"");
            } else {
                body.append(",\"problem\":{\"status\":").append(status).append(",\"detail\":\"refused\"}");
            }
            body.append('}');
            sep = ",";
        }
        body.append("]}");
        wiremock.stubFor(post(urlEqualTo(REPORTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    /** delivered_at, parked_at, attempts, last_error, and whether the next attempt waits a second or more. */
    Object[] row(String evaluationId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT delivered_at, parked_at, attempts, last_error, next_attempt_at >= now() + interval '500 milliseconds' "
                        + "FROM outbox_message WHERE aggregate_id = :a").setParameter("a", evaluationId).getSingleResult());
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
