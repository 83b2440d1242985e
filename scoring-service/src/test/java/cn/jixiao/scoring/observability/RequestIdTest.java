package cn.jixiao.scoring.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.scoring.support.Fixtures;
import cn.jixiao.scoring.support.Fixtures.Scenario;
import cn.jixiao.scoring.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/** The id of the request that delivered "filing submitted" follows it to submission and on to reporting. */
@QuarkusTest
class RequestIdTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    @Test
    void responsesCarryARequestId() {
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "portal-7").get("/api/v1/rubrics")
                .then().statusCode(200).header("X-Request-Id", "portal-7");
        given().auth().oauth2(Tokens.admin()).get("/api/v1/rubrics")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void theIdGoesOnToSubmissionAndIntoTheMessageForReporting() {
        Scenario s = Fixtures.scenario(wiremock, null);
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).header("X-Request-Id", "trace-" + s.filingId())
                .body("{\"filingId\":\"" + s.filingId() + "\",\"revision\":1}")
                .post("/api/v1/evaluations").then().statusCode(201);
        wiremock.verify(getRequestedFor(urlEqualTo(Fixtures.BASE + "/filings/" + s.filingId() + "/revisions/1"))
                .withHeader("X-Request-Id", equalTo("trace-" + s.filingId())));
        String carried = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "SELECT payload->>'requestId' FROM outbox_message WHERE payload->>'filingId' = :id")
                .setParameter("id", s.filingId().toString()).getSingleResult());
        assertEquals("trace-" + s.filingId(), carried);
    }
}
