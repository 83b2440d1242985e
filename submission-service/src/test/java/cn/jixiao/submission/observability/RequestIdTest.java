package cn.jixiao.submission.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;

import cn.jixiao.submission.outbox.OutboxDispatcher;
import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** One request id follows a request into the logs, the response and the calls it causes. */
@QuarkusTest
class RequestIdTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    OutboxDispatcher dispatcher;

    @Test
    void theCallersIdIsEchoedAndANewOneIsMadeOtherwise() {
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "portal-123").get("/api/v1/cycles")
                .then().statusCode(200).header("X-Request-Id", "portal-123");
        given().auth().oauth2(Tokens.admin()).get("/api/v1/cycles")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        // an unsafe id is replaced, never echoed into headers or logs
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "bad id\" <script>").get("/api/v1/cycles")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void theSubmitRequestsIdTravelsWithFilingSubmitted() {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        Response draft = Fixtures.draft(dept, Fixtures.openCycle(), Fixtures.validContent(dept));
        String id = draft.jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", draft.header("ETag")).header("X-Request-Id", "trace-" + id)
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200);
        wiremock.stubFor(post(urlEqualTo("/auth/api/v1/evaluations/batch")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"outcomes\":[]}")));
        dispatcher.deliverDue();
        // a batch may carry several requests' messages: each message names its own
        wiremock.verify(postRequestedFor(urlEqualTo("/auth/api/v1/evaluations/batch"))
                .withRequestBody(matchingJsonPath("$.messages[?(@.filingId == '" + id + "' && @.requestId == 'trace-" + id + "')]")));
    }
}
