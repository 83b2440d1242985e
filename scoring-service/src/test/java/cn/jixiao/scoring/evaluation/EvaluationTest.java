package cn.jixiao.scoring.evaluation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.support.Fixtures;
import cn.jixiao.scoring.support.Fixtures.Scenario;
import cn.jixiao.scoring.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Scoring stored filings end to end: submission-service is WireMock, the database is real. */
@QuarkusTest
class EvaluationTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    /** The FilingSubmitted message submission-service's outbox posts, exactly as it builds it. */
    static ObjectNode filingSubmitted(Scenario s) {
        ObjectNode m = Fixtures.JSON.createObjectNode();
        m.put("messageId", UUID.randomUUID().toString()).put("type", "FilingSubmitted").put("filingId", s.filingId().toString())
                .put("revision", 1).put("departmentCode", s.department()).put("fiscalYear", 2020).put("cycleId", s.cycleId())
                .put("rubricCode", Fixtures.DEFAULT_RUBRIC).put("rubricVersion", 1).put("contentSha256", "sha-" + s.filingId() + "-1")
                .put("submittedAt", "2021-03-02T09:00:00+08:00");
        return m;
    }

    /**
     * The realistic filing of DOMAIN.md, with procurement budget 0 (not computable: zero
     * denominator; the self-score stands) and the official card declared not applicable.
     */
    static ObjectNode realisticContent(String dept) {
        ObjectNode content = Fixtures.validContent(dept);
        ((ObjectNode) content.get("baseData")).put("procurementBudget", new BigDecimal("0.00"));
        for (JsonNode s : content.withArray("/selfEvaluation/scores")) {
            if (s.path("indicatorCode").asText().equals("official-card-rate")) {
                ((ObjectNode) s).put("notApplicable", true).put("deductionReason", "本单位未开通公务卡");
            }
        }
        return content;
    }

    static Response post(ObjectNode body, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString()).post("/api/v1/evaluations");
    }

    static JsonPath indicator(JsonPath body, String code) {
        return new JsonPath(Fixtures.JSON.valueToTree(body.getMap("indicators.find { it.code == '" + code + "' }")).toString());
    }

    @Test
    void theDefaultRubricScoresARealisticFilingEndToEnd() {
        Scenario s = Fixtures.scenario(wiremock, null);
        wiremock.stubFor(get(urlEqualTo(Fixtures.BASE + "/filings/" + s.filingId() + "/revisions/1"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(revisionBody(s, realisticContent(s.department())))));
        Response created = post(filingSubmitted(s), Tokens.service());
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/evaluations/"))
                .header("ETag", equalTo("\"1\""))
                .body("official", equalTo(true))
                .body("rubricCode", equalTo("department-overall"))
                .body("rubricVersion", equalTo(1))
                .body("rubricHash", notNullValue())
                .body("filingRevision", equalTo(1))
                .body("filingSha256", equalTo("sha-" + s.filingId() + "-1"))
                .body("departmentName", equalTo("测试部门" + s.department()))
                .body("departmentGroup", equalTo("教科文卫"))
                .body("indicators", hasSize(25))
                // 15 + (8.92 + 14 + 9.64) + 25 + 20
                .body("totalScore", equalTo(92.56f))
                .body("grade", equalTo("优"))
                .body("selfTotalScore", equalTo(99.50f))
                .body("finance.incomeTotal", equalTo(350.40f))
                .body("finance.accumulatedBalance", equalTo(29.25f));
        JsonPath body = created.jsonPath();
        assertEquals(List.of("input", "budget-allocation", "process", "budget-execution", "budget-management", "asset-management",
                "output", "duty-performance", "effect", "benefit"), body.getList("categories.code"));
        assertEquals(32.56f, body.getFloat("categories.find { it.code == 'process' }.score"));
        assertEquals(8.92f, body.getFloat("categories.find { it.code == 'budget-execution' }.score"));

        // not computable: the self-score stands, and the reason says why
        JsonPath procurement = indicator(body, "procurement-execution-rate");
        assertEquals(true, procurement.getBoolean("notComputable"));
        assertEquals("zero-denominator", procurement.getString("notComputableCode"));
        assertEquals(null, (Object) procurement.get("computedScore"));
        assertEquals(3.0f, procurement.getFloat("finalScore"));
        assertEquals("SELF", procurement.getString("finalSource"));
        // not applicable: the default rubric takes a fixed point off
        JsonPath card = indicator(body, "official-card-rate");
        assertEquals(true, card.getBoolean("notApplicable"));
        assertEquals(2.0f, card.getFloat("finalScore"));
        assertEquals("NOT_APPLICABLE_POLICY", card.getString("finalSource"));
        assertTrue(card.getString("notApplicableTreatment").contains("扣 1 分"));
        // over-scored: self 5.50 against a computed 3.92
        JsonPath control = indicator(body, "three-public-control-rate");
        assertEquals(3.92f, control.getFloat("computedScore"));
        assertEquals(5.5f, control.getFloat("selfScore"));
        assertEquals(true, control.getBoolean("overScored"));
        assertEquals("三公经费超控制数", control.getString("selfDeductionReason"));
        assertEquals(2, control.getList("explanation.inputs").size());
        assertTrue(control.getString("explanation.arithmetic").contains("4.90 / 4.80 * 100"), control.getString("explanation.arithmetic"));
        // fund balance 29.25 exceeds the carry-over 12.50
        assertEquals(0.0f, indicator(body, "fund-balance").getFloat("computedScore"));
        // expert-scored: the self-score stands until reviewed
        JsonPath expert = indicator(body, "output-growth-pole");
        assertEquals("SELF", expert.getString("finalSource"));
        assertEquals(7.0f, expert.getFloat("finalScore"));

        String id = body.getString("id");
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"1\"")).body("totalScore", equalTo(92.56f)).body("indicators", hasSize(25));
        long messages = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(m) from OutboxMessage m where m.aggregateId = :a and m.type = 'EvaluationCompleted'").setParameter("a", id).getSingleResult());
        assertEquals(1L, messages);
    }

    @Test
    void theSameMessageDeliveredTwiceYieldsOneEvaluation() {
        Scenario s = Fixtures.scenario(wiremock, null);
        ObjectNode message = filingSubmitted(s);
        String first = post(message, Tokens.service()).then().statusCode(201).extract().path("id");
        String again = post(message, Tokens.service()).then().statusCode(200)
                .header("Content-Location", containsString("/api/v1/evaluations/" + first)).extract().path("id");
        assertEquals(first, again);
        // a reviewer's request without revision or rubric finds the same evaluation too
        ObjectNode plain = Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString());
        assertEquals(first, post(plain, Tokens.reviewer()).then().statusCode(200).extract().path("id"));
        assertEquals(1L, evaluationsOf(s.filingId()));
    }

    @Test
    void theSameMessageDeliveredConcurrentlyYieldsOneEvaluation() throws Exception {
        Scenario s = Fixtures.scenario(wiremock, null);
        String message = filingSubmitted(s).toString();
        int senders = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < senders; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(message).post("/api/v1/evaluations");
            }));
        }
        start.countDown();
        List<Integer> statuses = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var f : answers) {
            Response r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            statuses.add(r.statusCode());
            ids.add(r.jsonPath().getString("id"));
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(c -> c == 201).count(), statuses.toString());
        assertEquals(senders - 1, statuses.stream().filter(c -> c == 200).count(), statuses.toString());
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1L, evaluationsOf(s.filingId()));
        String id = ids.iterator().next();
        long messages = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(m) from OutboxMessage m where m.aggregateId = :a").setParameter("a", id).getSingleResult());
        assertEquals(1L, messages);
    }

    @Test
    void aDifferentPublishedVersionReScoresForComparisonAndTheSameContentScoresTheSame() throws Exception {
        Scenario s = Fixtures.scenario(wiremock, null);
        JsonPath official = post(filingSubmitted(s), Tokens.service()).then().statusCode(201).extract().jsonPath();
        // the same content published under another code: same hash, same scores
        ObjectNode def = (ObjectNode) Fixtures.JSON.readTree(Fixtures.resource("rubrics/department-overall-v1.json")).get("definition");
        String code = "compare-" + Fixtures.nextId();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Fixtures.JSON.createObjectNode().put("code", code).put("name", "对照评分表").set("definition", def).toString())
                .post("/api/v1/rubrics").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(200);
        ObjectNode request = Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).put("rubricCode", code).put("rubricVersion", 1);
        JsonPath compare = post(request, Tokens.reviewer()).then().statusCode(201).extract().jsonPath();
        assertEquals(false, compare.getBoolean("official"));
        assertEquals(official.getString("rubricHash"), compare.getString("rubricHash"));
        assertEquals(official.getList("indicators"), compare.getList("indicators"));
        assertEquals(official.getList("categories"), compare.getList("categories"));
        assertEquals(official.getFloat("totalScore"), compare.getFloat("totalScore"));
        // the stateless evaluate endpoint gives the same scores for the same document
        ObjectNode preview = Fixtures.JSON.createObjectNode();
        preview.set("content", Fixtures.validContent(s.department()));
        JsonPath previewed = given().auth().oauth2(Tokens.filer(s.department())).contentType(ContentType.JSON).body(preview.toString())
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(200)
                .body("rubricHash", equalTo(official.getString("rubricHash"))).extract().jsonPath();
        assertEquals(official.getList("indicators"), previewed.getList("indicators"));
        assertEquals(official.getFloat("totalScore"), previewed.getFloat("totalScore"));
        assertEquals(2L, evaluationsOf(s.filingId()));
        // a draft or unknown version cannot be used for a stored evaluation
        ObjectNode unknown = Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).put("rubricCode", code).put("rubricVersion", 7);
        post(unknown, Tokens.reviewer()).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.rubricVersion"));
        String draftOnly = "draft-only-" + Fixtures.nextId();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Fixtures.JSON.createObjectNode().put("code", draftOnly).put("name", "草稿评分表").toString())
                .post("/api/v1/rubrics").then().statusCode(201);
        post(Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).put("rubricCode", draftOnly), Tokens.reviewer())
                .then().statusCode(400).body("errors[0].field", equalTo("$.rubricCode"))
                .body("errors[0].code", equalTo("no-published-version"));
        post(Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).put("rubricCode", draftOnly).put("rubricVersion", 1), Tokens.reviewer())
                .then().statusCode(400).body("errors[0].code", equalTo("not-published"));
        // published versions are remembered, refusals are not: a version refused as a draft scores once published
        String later = "later-" + Fixtures.nextId();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Fixtures.JSON.createObjectNode().put("code", later).put("name", "稍后发布").set("definition", def).toString())
                .post("/api/v1/rubrics").then().statusCode(201);
        ObjectNode laterRequest = Fixtures.JSON.createObjectNode().put("filingId", s.filingId().toString()).put("rubricCode", later).put("rubricVersion", 1);
        post(laterRequest, Tokens.reviewer()).then().statusCode(400).body("errors[0].code", equalTo("not-published"));
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(later, 1)).post("/api/v1/rubrics/" + later + "/versions/1/publish").then().statusCode(200);
        post(laterRequest, Tokens.reviewer()).then().statusCode(201).body("rubricCode", equalTo(later))
                .body("totalScore", equalTo(official.getFloat("totalScore")));
    }

    @Test
    void lastYearsFilingIsFetchedWhenTheBaseDataLacksLastYearsThreePublicTotal() {
        String dept = Fixtures.department();
        ObjectNode content = Fixtures.validContent(dept);
        ((ObjectNode) content.get("baseData")).remove("lastYearThreePublicTotal");
        Scenario s = Fixtures.scenario(wiremock, content);
        ObjectNode lastYear = Fixtures.validContent(s.department());
        ((ObjectNode) lastYear.at("/finance/0/threePublic")).put("reception", new BigDecimal("0.10")).put("total", new BigDecimal("3.50"));
        UUID prior = Fixtures.stubFiling(wiremock, s.department(), 77, 2019, lastYear);
        // a draft of another cycle of that year, listed first, must not hide the submitted filing
        Fixtures.stubFilingsOfYear(wiremock, s.department(), 2019, List.of(UUID.randomUUID()), List.of(prior));
        // this year's 4.90 against last year's 3.80: +28.95% → 5 − 14.47 → 0
        JsonPath body = post(filingSubmitted(s), Tokens.service()).then().statusCode(201)
                .body("priorYear.filingId", equalTo(prior.toString())).extract().jsonPath();
        JsonPath change = indicator(body, "three-public-change-rate");
        assertEquals(0.0f, change.getFloat("computedScore"));
        assertTrue(change.getString("explanation.arithmetic").contains("3.80"), change.getString("explanation.arithmetic"));
    }

    @Test
    void aFilingDocumentIsScoredWithoutStoringAnything() {
        ObjectNode content = Fixtures.validContent("D9");
        ((ObjectNode) content.get("baseData")).remove("lastYearThreePublicTotal");
        ObjectNode lastYear = Fixtures.validContent("D9");
        ((ObjectNode) lastYear.at("/finance/0/threePublic")).put("total", new BigDecimal("4.70"));
        ObjectNode request = Fixtures.JSON.createObjectNode();
        request.set("content", content);
        request.set("priorYear", lastYear);
        long before = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery("select count(e) from Evaluation e").getSingleResult());
        JsonPath preview = given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(request.toString())
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(200)
                .body("rubricCode", equalTo("department-overall"))
                .body("finance.threePublicTotal", equalTo(4.90f))
                .body("grade", equalTo("优")).extract().jsonPath();
        // 4.90 against last year's 5.00: −2% → full points
        JsonPath change = indicator(preview, "three-public-change-rate");
        assertEquals(5.0f, change.getFloat("computedScore"));
        assertTrue(change.getString("explanation.arithmetic").contains("5.00"), change.getString("explanation.arithmetic"));
        long after = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery("select count(e) from Evaluation e").getSingleResult());
        assertEquals(before, after);
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body("{\"content\":[1]}")
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(400)
                .body("errors[0].field", equalTo("$.content"));
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(request.toString())
                .post("/api/v1/rubrics/department-overall/versions/42/evaluate").then().statusCode(404);
        // a rate more precise than the engine compares at: refused, not rounded into the band above
        ObjectNode precise = Fixtures.JSON.createObjectNode();
        precise.set("content", Fixtures.validContent("D9"));
        ((ObjectNode) precise.at("/content/baseData")).put("satisfactionRate", new BigDecimal("94.99999999999"));
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(precise.toString())
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(400)
                .body("errors[0].field", equalTo("$.content.baseData.satisfactionRate")).body("errors[0].code", equalTo("too-precise"));
        // at ten places it is scored as written: below 95, the band of 3
        ((ObjectNode) precise.at("/content/baseData")).put("satisfactionRate", new BigDecimal("94.9999999999"));
        JsonPath tenPlaces = given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(precise.toString())
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(200).extract().jsonPath();
        assertEquals(3.0f, indicator(tenPlaces, "satisfaction").getFloat("computedScore"));
        // the same as text escapes the checks on numbers: not read as a number, so not computable
        // (and "1e999999999" as text is not written out a billion digits long)
        for (String text : List.of("94.99999999999", "1e999999999")) {
            ((ObjectNode) precise.at("/content/baseData")).put("satisfactionRate", text);
            JsonPath asText = given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(precise.toString())
                    .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(200).extract().jsonPath();
            assertTrue(indicator(asText, "satisfaction").getBoolean("notComputable"), text);
        }
        // a number no filing could hold: refused before the totals would spend minutes adding it
        ((ObjectNode) lastYear.at("/finance/0/income")).put("total", new BigDecimal("1e-30"));
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(request.toString())
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(400)
                .body("errors[0].field", equalTo("$.priorYear.finance[0].income.total")).body("errors[0].code", equalTo("out-of-range"));
        ((ObjectNode) content.at("/finance/0/income")).put("carryOver", new BigDecimal("1e999999999"));
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON).body(request.toString())
                .post("/api/v1/rubrics/department-overall/versions/1/evaluate").then().statusCode(400)
                .body("errors[0].field", equalTo("$.content.finance[0].income.carryOver"));
    }

    @Test
    void whenSubmissionServiceIsDownTheSenderIsToldToRetryAndLaterSucceeds() {
        Scenario s = Fixtures.scenario(wiremock, null);
        io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
        try {
            wiremock.stubFor(get(urlEqualTo(Fixtures.BASE + "/filings/" + s.filingId())).willReturn(aResponse().withStatus(503)));
            post(filingSubmitted(s), Tokens.service()).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("30"))
                    .body("type", equalTo("https://jixiao.cn/problems/dependency-unavailable"));
            assertEquals(0L, evaluationsOf(s.filingId()));
            // back up: the sender's retry succeeds, once
            Fixtures.stubFilingRevision(wiremock, s.filingId(), s.department(), s.cycleId(), 2020, 1, Fixtures.validContent(s.department()));
            post(filingSubmitted(s), Tokens.service()).then().statusCode(201);
            post(filingSubmitted(s), Tokens.service()).then().statusCode(200);
            assertEquals(1L, evaluationsOf(s.filingId()));
        } finally {
            io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
        }
    }

    @Test
    void anUnknownFilingIsAnInvalidRequest() {
        ObjectNode request = Fixtures.JSON.createObjectNode().put("filingId", UUID.randomUUID().toString());
        Fixtures.stubServiceToken(wiremock);
        post(request, Tokens.service()).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.filingId")).body("errors[0].code", equalTo("unknown-filing"));
        post(Fixtures.JSON.createObjectNode(), Tokens.service()).then().statusCode(400).body("errors[0].field", equalTo("$.filingId"));
        post(Fixtures.JSON.createObjectNode().put("filingId", "not-a-uuid"), Tokens.service()).then().statusCode(400)
                .body("errors[0].field", equalTo("$.filingId"));
    }

    @Test
    void aFilerSeesOnlyTheirOwnDepartmentsEvaluations() {
        Scenario s = Fixtures.scenario(wiremock, null);
        String id = post(filingSubmitted(s), Tokens.service()).then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.filer(s.department())).get("/api/v1/evaluations/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.filer("OTHER-" + s.department())).header("Accept-Language", "en").get("/api/v1/evaluations/" + id)
                .then().statusCode(404).contentType("application/problem+json").body("title", equalTo("Not found"));
        given().auth().oauth2(Tokens.filer("OTHER-" + s.department())).get("/api/v1/evaluations/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(Tokens.filer("OTHER-" + s.department())).queryParam("departmentCode", s.department()).get("/api/v1/evaluations")
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(Tokens.filer(s.department())).get("/api/v1/evaluations").then().statusCode(200)
                .body("items.departmentCode", everyItem(equalTo(s.department()))).body("items", hasSize(1));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/evaluations/" + id).then().statusCode(403).contentType("application/problem+json");
        post(filingSubmitted(s), Tokens.filer(s.department())).then().statusCode(403);
        given().auth().oauth2(Tokens.filer(s.department())).get("/api/v1/evaluations/" + id + "/review-scores/history").then().statusCode(200);
        given().auth().oauth2(Tokens.filer("OTHER-" + s.department())).get("/api/v1/evaluations/" + id + "/review-scores/history").then().statusCode(404);
    }

    @Test
    void reviewScoresMoveTotalsAndGradeAndEveryChangeIsKept() {
        Scenario s = Fixtures.scenario(wiremock, null);
        String id = post(filingSubmitted(s), Tokens.service()).then().statusCode(201).body("totalScore", equalTo(93.56f))
                .extract().path("id");
        String path = "/api/v1/evaluations/" + id + "/review-scores";
        String scores = "[{\"indicatorCode\":\"three-public-control-rate\",\"score\":4.00,\"comment\":\"核实后按4分计\"},"
                + "{\"indicatorCode\":\"output-growth-pole\",\"score\":0,\"comment\":\"新增长极任务未完成\"}]";
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).body(scores).put(path).then().statusCode(428)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"7\"").contentType(ContentType.JSON).body(scores).put(path)
                .then().statusCode(412);
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":6.5},{\"indicatorCode\":\"no-such\",\"score\":1}]")
                .put(path).then().statusCode(422)
                .body("errors.field", equalTo(List.of("$[0].score", "$[1].indicatorCode")));
        // below 0 is out of range as above the points is (it was a 400 where the contract says 422)
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":-1}]").put(path).then().statusCode(422)
                .body("errors[0].field", equalTo("$[0].score")).body("errors[0].code", equalTo("out-of-range"));
        // more places than the rubric's scores have: 3.915 was stored and recorded as 3.92
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":3.915}]").put(path).then().statusCode(422)
                .body("errors[0].field", equalTo("$[0].score")).body("errors[0].code", equalTo("too-many-decimals"));
        // a comment alone withdrew the review score: the score must be given, null to withdraw it
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body("[{\"indicatorCode\":\"three-public-control-rate\",\"comment\":\"补充说明\"}]").put(path).then().statusCode(400)
                .body("errors[0].field", equalTo("$[0].score")).body("errors[0].code", equalTo("required"));
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":4.00,\"comment\":\"核实\\u0000后\"}]").put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("$[0].comment")).body("errors[0].code", equalTo("unsupported-character"));
        // a score of a billion digits, or of a billion decimals (which passes "between 0 and the points"
        // and then overflowed when rounded), is refused where it is read
        for (String huge : List.of("1e999999999", "1e-999999999")) {
            given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                    .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":" + huge + "}]").put(path)
                    .then().statusCode(400).body("errors[0].field", equalTo("$[0].score")).body("errors[0].code", equalTo("out-of-range"));
        }
        // a blank form field, or the text "null", is not JSON null: Jackson read both as null, which
        // silently withdrew the reviewer's score
        for (String blank : List.of("\"\"", "\"  \"", "\"null\"")) {
            given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                    .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":" + blank + "}]").put(path)
                    .then().statusCode(400).body("errors[0].field", equalTo("$[0].score")).body("errors[0].code", equalTo("invalid-value"));
        }
        // a null entry is named by its place in the list, not by Bean Validation's "<list element>"
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON).body("[null]").put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("$[0]"));
        given().auth().oauth2(Tokens.filer(s.department())).header("If-Match", "\"1\"").contentType(ContentType.JSON).body(scores)
                .put(path).then().statusCode(403);

        JsonPath reviewed = given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"1\"").contentType(ContentType.JSON).body(scores)
                .put(path).then().statusCode(200).header("ETag", equalTo("\"2\""))
                .body("evaluationVersion", equalTo(2))
                // 15 + (9.00 + 15 + 9.64) + 18 + 20
                .body("totalScore", equalTo(86.64f))
                .body("grade", equalTo("良")).extract().jsonPath();
        JsonPath control = indicator(reviewed, "three-public-control-rate");
        assertEquals(4.0f, control.getFloat("reviewScore"));
        assertEquals(3.92f, control.getFloat("computedScore"));
        assertEquals(5.5f, control.getFloat("selfScore"));
        assertEquals(4.0f, control.getFloat("finalScore"));
        assertEquals("REVIEW", control.getString("finalSource"));
        assertEquals("核实后按4分计", control.getString("reviewComment"));
        // withdrawing one review score brings the computed score back
        given().auth().oauth2(Tokens.reviewer()).header("If-Match", "\"2\"").contentType(ContentType.JSON)
                .body("[{\"indicatorCode\":\"three-public-control-rate\",\"score\":null}]").put(path).then().statusCode(200)
                .header("ETag", equalTo("\"3\"")).body("totalScore", equalTo(86.56f));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + id + "/review-scores/history").then().statusCode(200)
                .body("indicatorCode", equalTo(List.of("three-public-control-rate", "output-growth-pole", "three-public-control-rate")))
                .body("newScore", equalTo(java.util.Arrays.asList(4.0f, 0.0f, null)))
                .body("oldScore[2]", equalTo(4.0f))
                .body("actor", everyItem(equalTo("reviewer1")))
                .body("evaluationVersion", equalTo(List.of(2, 2, 3)));
        // the history is append-only: the database refuses to rewrite it
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("UPDATE review_score_history SET new_score = 5 WHERE evaluation_id = :id")
                        .setParameter("id", UUID.fromString(id)).executeUpdate()));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("DELETE FROM review_score_history WHERE evaluation_id = :id")
                        .setParameter("id", UUID.fromString(id)).executeUpdate()));
        long messages = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(m) from OutboxMessage m where m.aggregateId = :a").setParameter("a", id).getSingleResult());
        assertEquals(3L, messages);
    }

    @Test
    void reportingCanRebuildFromPagesOfOfficialEvaluations() {
        Scenario s = Fixtures.scenario(wiremock, null);
        String id = post(filingSubmitted(s), Tokens.service()).then().statusCode(201).extract().path("id");
        Response page = given().auth().oauth2(Tokens.service()).queryParam("fiscalYear", 2020).queryParam("official", true)
                .queryParam("filingId", s.filingId()).queryParam("page", 0).queryParam("size", 50).get("/api/v1/evaluations");
        page.then().statusCode(200)
                .body("items", hasSize(1)).body("totalItems", equalTo(1)).body("totalPages", equalTo(1))
                .body("items[0].evaluationId", equalTo(id))
                .body("items[0].evaluationVersion", equalTo(1))
                .body("items[0].official", equalTo(true))
                .body("items[0].messageId", nullValue())
                .body("items[0].departmentGroup", equalTo("教科文卫"))
                .body("items[0].cycleId", equalTo((int) s.cycleId()))
                .body("items[0].categories", hasSize(10))
                .body("items[0].categories[0].parentCode", nullValue())
                .body("items[0].indicators", hasSize(25))
                .body("items[0].finance.threePublicTotal", equalTo(4.90f));
        assertTrue(page.asString().contains("\"points\":5.00"), "decimals at scale 2");
        assertTrue(page.asString().contains("\"parentCode\":null"), "null parentCode written");
        given().auth().oauth2(Tokens.service()).queryParam("size", 0).get("/api/v1/evaluations").then().statusCode(400)
                .contentType("application/problem+json");
        // an empty department filter filters nothing, as an empty fiscalYear does (it listed none)
        given().auth().oauth2(Tokens.reviewer()).queryParam("departmentCode", "").queryParam("filingId", s.filingId())
                .get("/api/v1/evaluations").then().statusCode(200).body("totalItems", equalTo(1));
        // while a filer stays held to its own department
        given().auth().oauth2(Tokens.filer("OTHER-" + s.department())).queryParam("departmentCode", "").queryParam("filingId", s.filingId())
                .get("/api/v1/evaluations").then().statusCode(200).body("totalItems", equalTo(0));
    }

    long evaluationsOf(UUID filingId) {
        return QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(e) from Evaluation e where e.filingId = :f").setParameter("f", filingId).getSingleResult());
    }

    static String revisionBody(Scenario s, JsonNode content) {
        ObjectNode rev = Fixtures.JSON.createObjectNode();
        rev.put("filingId", s.filingId().toString()).put("departmentCode", s.department()).put("cycleId", s.cycleId()).put("fiscalYear", 2020)
                .put("revision", 1).put("contentSha256", "sha-" + s.filingId() + "-1").put("submittedAt", "2021-03-02T09:00:00+08:00")
                .put("submittedBy", "filer-" + s.department());
        rev.set("content", content);
        rev.set("financeTotals", Fixtures.totals(content));
        return rev.toString();
    }

}
