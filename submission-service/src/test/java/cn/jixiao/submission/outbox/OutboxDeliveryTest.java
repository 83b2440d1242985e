package cn.jixiao.submission.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Filing submitted" is written with the submission and delivered afterwards: while scoring is
 * down nothing is lost, and once it is back every message is delivered, each until accepted.
 */
@QuarkusTest
class OutboxDeliveryTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    EntityManager em;

    @Test
    void messagesWaitOutAnOutageAndAreDeliveredWithBackOff() {
        Fixtures.stubScoring(wiremock);
        long cycle = Fixtures.openCycle();
        // scoring is down: every delivery fails
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations/batch")).willReturn(aResponse().withStatus(503)));
        List<String> filings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            filings.add(Fixtures.submittedFiling(Fixtures.department(), cycle));
        }
        drainOnce();
        for (String id : filings) {
            Object[] row = row(id);
            assertEquals(null, row[0], "not delivered during the outage");
            assertTrue(((Number) row[1]).intValue() >= 1, "attempted");
            assertTrue(((String) row[2]).contains("503"), "error kept: " + row[2]);
        }
        // scoring is back (the newest stub wins)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            scoringAnswers(Map.of());
            drainOnce();
            return filings.stream().allMatch(id -> row(id)[0] != null);
        });
        for (String id : filings) {
            wiremock.verify(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations/batch"))
                    .withRequestBody(matchingJsonPath("$.messages[?(@.filingId == '" + id + "')]"))
                    .withRequestBody(matchingJsonPath("$.messages[?(@.filingId == '" + id + "' && @.type == 'FilingSubmitted')]"))
                    .withRequestBody(matchingJsonPath("$.messages[0].rubricCode", equalTo("department-overall")))
                    .withHeader("Authorization", containing("Bearer ")));
        }
        // delivered messages are not sent again
        List<Integer> before = filings.stream().map(this::deliveriesOf).toList();
        drainOnce();
        assertEquals(before, filings.stream().map(this::deliveriesOf).toList());
    }

    @Test
    void aBatchRefusedForOurCredentialsOrByAnOlderScoringWaitsAndRetriesInsteadOfParking() {
        Fixtures.stubScoring(wiremock);
        String id = Fixtures.submittedFiling(Fixtures.department(), Fixtures.openCycle());
        // a token that expired in flight, a role missing after a deploy, or a scoring-service without
        // the batch endpoint during a rolling upgrade (404, or 405 where /{id} matches): the messages are fine
        for (int status : new int[] {401, 403, 404, 405}) {
            wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations/batch")).willReturn(aResponse().withStatus(status)));
            dueNow();
            drainOnce();
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                            "SELECT parked_at, attempts, last_error, delivered_at FROM outbox_message WHERE aggregate_id = :id")
                    .setParameter("id", id).getSingleResult());
            assertEquals(null, row[0], "not parked after " + status);
            assertEquals(null, row[3], "not delivered");
            assertTrue(((String) row[2]).contains(String.valueOf(status)), "error kept: " + row[2]);
        }
        dueNow();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            scoringAnswers(Map.of());
            drainOnce();
            return row(id)[0] != null;
        });
    }

    /** Skips the back-off of every undelivered message. */
    private void dueNow() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE outbox_message SET next_attempt_at = now() WHERE delivered_at IS NULL AND parked_at IS NULL").executeUpdate());
    }

    @Test
    void aMessageRefusedForGoodIsParkedUntilReQueued() {
        Fixtures.stubScoring(wiremock);
        String id = Fixtures.submittedFiling(Fixtures.department(), Fixtures.openCycle());
        // scoring does not know the rubric version: retrying the same message cannot help
        scoringAnswers(Map.of(id, 400));
        drainOnce();
        Object[] parked = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "SELECT parked_at, attempts FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", id).getSingleResult());
        assertTrue(parked[0] != null, "parked");
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.data.parked", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        int before = deliveriesOf(id);
        drainOnce();
        assertEquals(before, deliveriesOf(id), "not retried");

        // the cause is fixed; an admin re-queues, and the message is delivered
        assertTrue(((String) row(id)[2]).contains("HTTP 400"), "the receiver's answer is kept: " + row(id)[2]);
        io.restassured.RestAssured.given().auth().oauth2(cn.jixiao.submission.support.Tokens.filer("X"))
                .post("/api/v1/outbox/requeue-parked").then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(cn.jixiao.submission.support.Tokens.admin())
                .post("/api/v1/outbox/requeue-parked").then().statusCode(200)
                .body("requeued", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        scoringAnswers(Map.of());
        drainOnce();
        assertTrue(row(id)[0] != null, "delivered after re-queue");
    }

    @Test
    void eachMessageOfABatchIsSettledByItsOwnOutcome() {
        Fixtures.stubScoring(wiremock);
        long cycle = Fixtures.openCycle();
        String scored = Fixtures.submittedFiling(Fixtures.department(), cycle);
        String refused = Fixtures.submittedFiling(Fixtures.department(), cycle);
        String retried = Fixtures.submittedFiling(Fixtures.department(), cycle);
        String unanswered = Fixtures.submittedFiling(Fixtures.department(), cycle);
        Map<String, Integer> answers = new HashMap<>();
        answers.put(scored, 201);
        answers.put(refused, 422);
        answers.put(retried, 503);
        answers.put(unanswered, null);
        scoringAnswers(answers);
        drainOnce();
        assertTrue(row(scored)[0] != null, "201: delivered");
        assertTrue(parkedAt(refused) != null && row(refused)[0] == null, "422: parked");
        assertTrue(parkedAt(retried) == null && row(retried)[0] == null && ((String) row(retried)[2]).contains("503"), "503: waits for a retry");
        assertTrue(parkedAt(unanswered) == null && row(unanswered)[0] == null, "no outcome: waits for a retry");
    }

    @Test
    void theMessageCarriesWhatScoringNeedsWithoutCallingBack() throws Exception {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        long lastYear = Fixtures.cycle(2019, java.time.OffsetDateTime.now().plusDays(30));
        String prior = Fixtures.submittedFiling(dept, lastYear);
        String id = Fixtures.submittedFiling(dept, Fixtures.openCycle());
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                                "SELECT payload FROM outbox_message WHERE aggregate_id = :id")
                        .setParameter("id", id).getSingleResult()));
        assertEquals(dept, m.path("departmentCode").asText());
        assertEquals("测试部门" + dept, m.path("departmentName").asText(), m.toString());
        assertTrue(m.path("content").path("finance").isArray(), "the submitted content");
        assertTrue(m.path("financeTotals").path("income").path("total").isNumber(), "its department totals");
        assertEquals(true, m.path("priorYearIncluded").asBoolean());
        assertEquals(prior, m.path("priorYear").path("filingId").asText(), "last year's filing");
        assertEquals(1, m.path("priorYear").path("revision").asInt());
        assertTrue(m.path("priorYear").path("content").path("finance").isArray());
        // a department's first year: looked up, none
        String first = Fixtures.submittedFiling(Fixtures.department(), Fixtures.openCycle());
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                                "SELECT payload FROM outbox_message WHERE aggregate_id = :id")
                        .setParameter("id", first).getSingleResult()));
        assertEquals(true, n.path("priorYearIncluded").asBoolean());
        assertTrue(n.path("priorYear").isNull(), n.path("priorYear").toString());
    }

    @Test
    void theMessageHoldsTheSubmittedRevisionAsTheApiShowsIt() throws Exception {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        long cycle = Fixtures.openCycle();
        String id = Fixtures.submittedFiling(dept, cycle);
        com.fasterxml.jackson.databind.JsonNode m = payloadOf(id);
        com.fasterxml.jackson.databind.JsonNode filing = Fixtures.JSON.readTree(io.restassured.RestAssured.given()
                .auth().oauth2(cn.jixiao.submission.support.Tokens.reviewer()).get("/api/v1/filings/" + id).asString());
        assertEquals(filing.path("content"), m.path("content"), "the content as stored");
        assertEquals(filing.path("financeTotals"), m.path("financeTotals"), "its stored totals");
        assertEquals(id, m.path("filingId").asText());
        assertEquals(1, m.path("revision").asInt());
        assertEquals(cycle, m.path("cycleId").asLong());
        assertEquals(2020, m.path("fiscalYear").asInt());
        assertEquals("department-overall", m.path("rubricCode").asText());
        assertEquals(1, m.path("rubricVersion").asInt());
        assertEquals(filing.path("contentSha256").asText(), m.path("contentSha256").asText());
        assertEquals("教科文卫", m.path("departmentGroup").asText());
        assertEquals(java.time.OffsetDateTime.parse(filing.path("submittedAt").asText()).toInstant(),
                java.time.OffsetDateTime.parse(m.path("submittedAt").asText()).toInstant(), "the submission's own time");
        assertEquals("FilingSubmitted", m.path("type").asText());
        String rowId = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT id::text FROM outbox_message WHERE aggregate_id = :id").setParameter("id", id).getSingleResult().toString());
        assertEquals(rowId, m.path("messageId").asText(), "the message names its own row");
    }

    @Test
    void lastYearsFilingTravelsAtItsLatestSubmittedRevisionNotItsDraft() throws Exception {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        String prior = Fixtures.submittedFiling(dept, Fixtures.cycle(2019, java.time.OffsetDateTime.now().plusDays(30)));
        String reviewer = cn.jixiao.submission.support.Tokens.reviewer();
        String filer = cn.jixiao.submission.support.Tokens.filer(dept);
        io.restassured.RestAssured.given().auth().oauth2(reviewer).contentType(io.restassured.http.ContentType.JSON)
                .header("If-Match", Fixtures.etag(prior, reviewer)).body("{\"reason\":\"收入合计请核实\"}")
                .post("/api/v1/filings/" + prior + "/return").then().statusCode(200);
        // the department edits last year's returned filing but has not resubmitted it
        com.fasterxml.jackson.databind.node.ObjectNode edited = Fixtures.validContent(dept);
        ((com.fasterxml.jackson.databind.node.ObjectNode) edited.at("/finance/0/income")).put("other", new java.math.BigDecimal("999.99"));
        io.restassured.RestAssured.given().auth().oauth2(filer).contentType(io.restassured.http.ContentType.JSON)
                .header("If-Match", Fixtures.etag(prior, filer)).body("{\"content\":" + edited + "}")
                .put("/api/v1/filings/" + prior).then().statusCode(200);
        com.fasterxml.jackson.databind.JsonNode revision1 = Fixtures.JSON.readTree(io.restassured.RestAssured.given()
                .auth().oauth2(reviewer).get("/api/v1/filings/" + prior + "/revisions/1").asString());

        String id = Fixtures.submittedFiling(dept, Fixtures.openCycle());
        com.fasterxml.jackson.databind.JsonNode p = payloadOf(id).path("priorYear");
        assertEquals(prior, p.path("filingId").asText());
        assertEquals(1, p.path("revision").asInt(), "the submitted revision, not the draft of revision 2");
        assertEquals(revision1.path("contentSha256").asText(), p.path("contentSha256").asText());
        assertEquals(revision1.path("content"), p.path("content"));
        assertEquals(revision1.path("financeTotals"), p.path("financeTotals"), "totals of that revision's content");
        assertTrue(p.path("content").path("finance").path(0).path("income").path("other").decimalValue()
                .compareTo(new java.math.BigDecimal("999.99")) != 0, "the edit is not in it");

        // last year's filing never submitted: no prior year
        String other = Fixtures.department();
        Fixtures.draft(other, Fixtures.cycle(2019, java.time.OffsetDateTime.now().plusDays(30)), Fixtures.validContent(other));
        String second = Fixtures.submittedFiling(other, Fixtures.openCycle());
        assertTrue(payloadOf(second).path("priorYear").isNull());

        // several cycles last year: a draft in one must not hide the filing submitted in another,
        // whatever the order of their random ids (picked by id, one of six drafts would have come
        // first 63 times in 64)
        String third = Fixtures.department();
        String submitted = Fixtures.submittedFiling(third, Fixtures.cycle(2019, java.time.OffsetDateTime.now().plusDays(30)));
        for (int i = 0; i < 6; i++) {
            Fixtures.draft(third, Fixtures.cycle(2019, java.time.OffsetDateTime.now().plusDays(30)), Fixtures.validContent(third));
        }
        String now = Fixtures.submittedFiling(third, Fixtures.openCycle());
        assertEquals(submitted, payloadOf(now).path("priorYear").path("filingId").asText());
    }

    private com.fasterxml.jackson.databind.JsonNode payloadOf(String filingId) throws Exception {
        return Fixtures.JSON.readTree(QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "SELECT payload::text FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", filingId).getSingleResult()));
    }

    @Test
    void aCommittedMessageIsDeliveredWithoutWaitingForThePoll() {
        Fixtures.stubScoring(wiremock);
        scoringAnswers(Map.of());
        long cycle = Fixtures.openCycle();
        dispatcher.enable(true);
        try {
            String id = Fixtures.submittedFiling(Fixtures.department(), cycle);
            // the poll is off in tests: only the commit's own wake-up can deliver it
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                scoringAnswers(Map.of());
                return row(id)[0] != null;
            });
        } finally {
            dispatcher.enable(false);
        }
    }

    /**
     * Scoring's answer to the next batch: an outcome for every message waiting now, 201 unless
     * the filing is named with another status (null: left out of the receipt).
     */
    private void scoringAnswers(Map<String, Integer> statusByFiling) {
        @SuppressWarnings("unchecked")
        List<Object[]> waiting = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT id, aggregate_id FROM outbox_message WHERE delivered_at IS NULL AND parked_at IS NULL").getResultList());
        StringBuilder body = new StringBuilder("{\"outcomes\":[");
        String sep = "";
        for (Object[] w : waiting) {
            String filing = (String) w[1];
            if (statusByFiling.containsKey(filing) && statusByFiling.get(filing) == null) {
                continue;
            }
            int status = statusByFiling.getOrDefault(filing, 201);
            body.append(sep).append("{\"messageId\":\"").append(w[0]).append("\",\"filingId\":\"").append(filing)
                    .append("\",\"status\":").append(status);
            if (status >= 400) {
                body.append(",\"problem\":{\"status\":").append(status).append(",\"detail\":\"refused\"}");
            }
            body.append('}');
            sep = ",";
        }
        body.append("]}");
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations/batch")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    /** Requests to scoring that carried this filing's message (other tests' messages may be waiting too). */
    private int deliveriesOf(String filingId) {
        return wiremock.findAll(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations/batch"))
                .withRequestBody(matchingJsonPath("$.messages[?(@.filingId == '" + filingId + "')]"))).size();
    }

    private Object parkedAt(String filingId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT parked_at FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", filingId).getSingleResult());
    }

    @Test
    void backOffDoublesUpToTheCeiling() {
        assertEquals(Duration.ofSeconds(1), dispatcher.backoff(1));
        assertEquals(Duration.ofSeconds(2), dispatcher.backoff(2));
        assertEquals(Duration.ofSeconds(64), dispatcher.backoff(7));
        assertEquals(Duration.ofMinutes(5), dispatcher.backoff(30));
    }

    private void drainOnce() {
        dispatcher.deliverDue();
    }

    private Object[] row(String filingId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "SELECT delivered_at, attempts, last_error FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", filingId).getSingleResult());
    }
}
