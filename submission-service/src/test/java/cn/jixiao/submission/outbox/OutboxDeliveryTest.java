package cn.jixiao.submission.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import java.util.List;
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
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations")).willReturn(aResponse().withStatus(503)));
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
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations")).willReturn(aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"e\"}")));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            drainOnce();
            return filings.stream().allMatch(id -> row(id)[0] != null);
        });
        for (String id : filings) {
            wiremock.verify(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations"))
                    .withRequestBody(matchingJsonPath("$.filingId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id)))
                    .withRequestBody(matchingJsonPath("$.type", com.github.tomakehurst.wiremock.client.WireMock.equalTo("FilingSubmitted")))
                    .withRequestBody(containing("\"rubricCode\":\"department-overall\""))
                    .withHeader("Authorization", containing("Bearer ")));
        }
        // delivered messages are not sent again
        int before = wiremock.findAll(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations"))).size();
        drainOnce();
        assertEquals(before, wiremock.findAll(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations"))).size());
    }

    @Test
    void aMessageRefusedForGoodIsParkedUntilReQueued() {
        Fixtures.stubScoring(wiremock);
        String id = Fixtures.submittedFiling(Fixtures.department(), Fixtures.openCycle());
        // scoring does not know the rubric version: retrying the same message cannot help
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":400}")));
        drainOnce();
        Object[] parked = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "SELECT parked_at, attempts FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", id).getSingleResult());
        assertTrue(parked[0] != null, "parked");
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.data.parked", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        int before = wiremock.findAll(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations"))).size();
        drainOnce();
        assertEquals(before, wiremock.findAll(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations"))).size(), "not retried");

        // the cause is fixed; an admin re-queues, and the message is delivered
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        io.restassured.RestAssured.given().auth().oauth2(cn.jixiao.submission.support.Tokens.filer("X"))
                .post("/api/v1/outbox/requeue-parked").then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(cn.jixiao.submission.support.Tokens.admin())
                .post("/api/v1/outbox/requeue-parked").then().statusCode(200)
                .body("requeued", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        drainOnce();
        assertTrue(row(id)[0] != null, "delivered after re-queue");
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
