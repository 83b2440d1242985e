package cn.jixiao.scoring.evaluation;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.support.Fixtures;
import cn.jixiao.scoring.support.Fixtures.Scenario;
import cn.jixiao.scoring.support.Tokens;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

/**
 * submission-service's outbox delivers FilingSubmitted messages in batches that carry the
 * submitted content: they are scored without calling back, each answered on its own.
 */
@QuarkusTest
public class SubmittedFilingBatchTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    /** A FilingSubmitted message as submission-service's outbox writes it, content included. */
    public static ObjectNode carrying(String department, long cycleId, ObjectNode content) {
        UUID filing = UUID.randomUUID();
        ObjectNode m = Fixtures.JSON.createObjectNode();
        m.put("messageId", UUID.randomUUID().toString()).put("type", "FilingSubmitted").put("filingId", filing.toString())
                .put("revision", 1).put("departmentCode", department).put("fiscalYear", 2020).put("cycleId", cycleId)
                .put("rubricCode", Fixtures.DEFAULT_RUBRIC).put("rubricVersion", 1).put("contentSha256", "sha-" + filing + "-1")
                .put("submittedAt", "2021-03-02T09:00:00+08:00").put("departmentName", "测试部门" + department)
                .put("departmentGroup", "教科文卫").put("priorYearIncluded", true).put("requestId", "trace-" + filing);
        m.set("content", content);
        m.set("financeTotals", Fixtures.totals(content));
        m.putNull("priorYear");
        return m;
    }

    public static Response deliver(String token, ObjectNode... messages) {
        ObjectNode batch = Fixtures.JSON.createObjectNode();
        ArrayNode list = batch.putArray("messages");
        for (ObjectNode m : messages) {
            list.add(m);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(batch.toString()).post("/api/v1/evaluations/batch");
    }

    @Test
    void messagesCarryingTheirContentAreScoredWithoutCallingBackAndScoreAsTheReadBackPathDoes() {
        // the same realistic filing, once read back from submission-service (the single request) ...
        Scenario s = Fixtures.scenario(wiremock, null);
        Fixtures.stubFilingRevision(wiremock, s.filingId(), s.department(), s.cycleId(), 2020, 1, EvaluationTest.realisticContent(s.department()));
        JsonPath readBack = EvaluationTest.post(EvaluationTest.filingSubmitted(s), Tokens.service()).then().statusCode(201).extract().jsonPath();
        // ... and once carried by the message
        String dept = Fixtures.department();
        ObjectNode a = carrying(dept, Fixtures.nextId(), EvaluationTest.realisticContent(dept));
        String deptB = Fixtures.department();
        ObjectNode b = carrying(deptB, Fixtures.nextId(), Fixtures.validContent(deptB));
        int callsBefore = wiremock.findAll(getRequestedFor(urlPathMatching("/auth/api/v1/(filings|cycles|departments).*"))).size();
        JsonPath receipt = deliver(Tokens.service(), a, b).then().statusCode(200).extract().jsonPath();
        assertEquals(callsBefore, wiremock.findAll(getRequestedFor(urlPathMatching("/auth/api/v1/(filings|cycles|departments).*"))).size(),
                "nothing read back from submission-service");
        assertEquals(List.of(201, 201), receipt.getList("outcomes.status"));
        assertEquals(a.path("messageId").asText(), receipt.getString("outcomes[0].messageId"));
        assertEquals(a.path("filingId").asText(), receipt.getString("outcomes[0].filingId"));

        String id = receipt.getString("outcomes[0].evaluationId");
        JsonPath carried = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + id).then().statusCode(200)
                .body("official", equalTo(true)).body("departmentName", equalTo("测试部门" + dept)).body("departmentGroup", equalTo("教科文卫"))
                .body("filingSha256", equalTo(a.path("contentSha256").asText())).body("fiscalYear", equalTo(2020))
                .extract().jsonPath();
        assertEquals(92.56f, carried.getFloat("totalScore"));
        assertEquals(readBack.getFloat("totalScore"), carried.getFloat("totalScore"));
        assertEquals(readBack.getString("grade"), carried.getString("grade"));
        assertEquals(readBack.getList("indicators"), carried.getList("indicators"));
        assertEquals(readBack.getList("categories"), carried.getList("categories"));
        assertEquals(readBack.getMap("finance"), carried.getMap("finance"));
        // each EvaluationCompleted carries the request id of its own submission
        String requestId = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT payload->>'requestId' FROM outbox_message WHERE aggregate_id = :id").setParameter("id", id).getSingleResult());
        assertEquals("trace-" + a.path("filingId").asText(), requestId);
    }

    /**
     * Results and messages are written as UTF-8 bytes: a name beyond the basic plane (CJK
     * Extension B) must arrive as that character, not as an escaped surrogate pair, and the
     * request id must sit in its own column as in the payload.
     */
    @Test
    void aNameBeyondTheBasicPlaneIsStoredAndAnnouncedAsItself() {
        String dept = Fixtures.department();
        String name = "\uD840\uDC00测试部门" + dept;
        ObjectNode m = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept)).put("departmentName", name);
        String id = deliver(Tokens.service(), m).then().statusCode(200).body("outcomes[0].status", equalTo(201))
                .extract().path("outcomes[0].evaluationId");
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + id).then().statusCode(200)
                .body("departmentName", equalTo(name));
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT payload->>'departmentName', payload::text, request_id, payload->>'requestId' FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", id).getSingleResult());
        assertEquals(name, row[0]);
        assertTrue(((String) row[1]).contains("\uD840\uDC00"), "the character itself, as UTF-8");
        assertTrue(!((String) row[1]).toLowerCase().contains("\\ud840"), "no escaped surrogate pair");
        assertEquals("trace-" + m.path("filingId").asText(), row[2]);
        assertEquals(row[2], row[3]);
        String result = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT result::text FROM evaluation WHERE id = :id").setParameter("id", UUID.fromString(id)).getSingleResult());
        String served = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + id).then().extract().asString();
        assertEquals(readTree(served).path("indicators"), readTree(result).path("result").path("indicators"));
        assertEquals(25, readTree(result).path("result").path("indicators").size());
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Fixtures.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void repeatsInABatchAndRedeliveriesYieldOneEvaluation() {
        String dept = Fixtures.department();
        ObjectNode m = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept));
        JsonPath first = deliver(Tokens.service(), m, m.deepCopy().put("messageId", UUID.randomUUID().toString()))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 200), first.getList("outcomes.status"));
        assertEquals(first.getString("outcomes[0].evaluationId"), first.getString("outcomes[1].evaluationId"));
        JsonPath again = deliver(Tokens.service(), m).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(200), again.getList("outcomes.status"));
        assertEquals(first.getString("outcomes[0].evaluationId"), again.getString("outcomes[0].evaluationId"));
        long stored = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(e) from Evaluation e where e.filingId = :f").setParameter("f", UUID.fromString(m.path("filingId").asText()))
                .getSingleResult());
        assertEquals(1L, stored);
        // the redelivery is scored again but stored nowhere: one evaluation, one EvaluationCompleted
        long announced = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox_message WHERE aggregate_id = :id").setParameter("id", first.getString("outcomes[0].evaluationId"))
                .getSingleResult()).longValue());
        assertEquals(1L, announced);
    }

    /** Review scores on a revision a resubmission replaced would be answered 200 and change no report. */
    @Test
    void reviewScoresGoToTheEvaluationOfTheLatestRevision() {
        String dept = Fixtures.department();
        ObjectNode first = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept));
        String oldId = deliver(Tokens.service(), first).then().statusCode(200).extract().path("outcomes[0].evaluationId");
        String review = "[{\"indicatorCode\":\"three-public-control-rate\",\"score\":4.00,\"comment\":\"核实\"}]";
        // before the filing is returned and submitted again, the evaluation takes review scores
        String reviewed = given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", etag(oldId)).body(review)
                .put("/api/v1/evaluations/" + oldId + "/review-scores").then().statusCode(200).extract().header("ETag");
        ObjectNode second = first.deepCopy().put("messageId", UUID.randomUUID().toString()).put("revision", 2)
                .put("contentSha256", "sha-" + first.path("filingId").asText() + "-2");
        String newId = deliver(Tokens.service(), second).then().statusCode(200).extract().path("outcomes[0].evaluationId");
        given().auth().oauth2(Tokens.reviewer()).header("Accept-Language", "en").contentType(ContentType.JSON).header("If-Match", reviewed)
                .body(review).put("/api/v1/evaluations/" + oldId + "/review-scores").then().statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(newId))
                .header("Link", "</api/v1/evaluations/" + newId + ">; rel=\"successor-version\"");
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + oldId + "/review-scores/history").then().statusCode(200)
                .body("size()", equalTo(1));
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", etag(newId)).body(review)
                .put("/api/v1/evaluations/" + newId + "/review-scores").then().statusCode(200);
        // both are official; only the newer counts, and a list can ask for that (summing official ones counted the filing twice)
        String filing = first.path("filingId").asText();
        given().auth().oauth2(Tokens.reviewer()).queryParam("filingId", filing).queryParam("official", true).get("/api/v1/evaluations")
                .then().statusCode(200).body("items.evaluationId", org.hamcrest.Matchers.containsInAnyOrder(oldId, newId));
        given().auth().oauth2(Tokens.reviewer()).queryParam("filingId", filing).queryParam("counting", true).get("/api/v1/evaluations")
                .then().statusCode(200).body("items.evaluationId", equalTo(List.of(newId))).body("totalItems", equalTo(1));
        given().auth().oauth2(Tokens.reviewer()).queryParam("filingId", filing).queryParam("counting", false).get("/api/v1/evaluations")
                .then().statusCode(200).body("items.evaluationId", equalTo(List.of(oldId)));
    }

    private static String etag(String evaluationId) {
        return given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + evaluationId).then().statusCode(200).extract().header("ETag");
    }

    @Test
    void aBadMessageIsRefusedAloneNamingItsFieldAndTheOthersAreScored() {
        String dept = Fixtures.department();
        ObjectNode good = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept));
        ObjectNode unknownVersion = carrying(Fixtures.department(), Fixtures.nextId(), Fixtures.validContent(dept)).put("rubricVersion", 99);
        ObjectNode noRevision = carrying(Fixtures.department(), Fixtures.nextId(), Fixtures.validContent(dept));
        noRevision.remove("revision");
        JsonPath receipt = deliver(Tokens.service(), good, unknownVersion, noRevision).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 400, 400), receipt.getList("outcomes.status"));
        assertEquals("$.messages[1].rubricVersion", receipt.getString("outcomes[1].problem.errors[0].field"));
        assertEquals("$.messages[2].revision", receipt.getString("outcomes[2].problem.errors[0].field"));
        assertNull(receipt.get("outcomes[1].evaluationId"));
        assertNotNull(receipt.get("outcomes[0].evaluationId"));
    }

    /**
     * A message whose evaluation the database would refuse (no content hash; a name longer than
     * the department register allows) failed the batch's one transaction: the whole batch was a
     * 500, and the good messages sent with it were retried with it, unscored, for as long as it
     * stayed in their batch. Each is now refused alone, naming its field.
     */
    @Test
    void aMessageTheDatabaseWouldRefuseIsRefusedAloneAndTheOthersAreScored() {
        String dept = Fixtures.department();
        ObjectNode good = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept));
        String deptB = Fixtures.department();
        ObjectNode noHash = carrying(deptB, Fixtures.nextId(), Fixtures.validContent(deptB));
        noHash.remove("contentSha256");
        String deptC = Fixtures.department();
        ObjectNode longName = carrying(deptC, Fixtures.nextId(), Fixtures.validContent(deptC)).put("departmentName", "局".repeat(201));
        String deptD = Fixtures.department();
        ObjectNode longGroup = carrying(deptD, Fixtures.nextId(), Fixtures.validContent(deptD)).put("departmentGroup", "组".repeat(101));
        ObjectNode longCode = carrying("D".repeat(33), Fixtures.nextId(), Fixtures.validContent(dept));
        JsonPath receipt = deliver(Tokens.service(), noHash, good, longName, longGroup, longCode).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(400, 201, 400, 400, 400), receipt.getList("outcomes.status"));
        assertEquals("$.messages[0].contentSha256", receipt.getString("outcomes[0].problem.errors[0].field"));
        assertEquals("$.messages[2].departmentName", receipt.getString("outcomes[2].problem.errors[0].field"));
        assertEquals("$.messages[3].departmentGroup", receipt.getString("outcomes[3].problem.errors[0].field"));
        assertEquals("$.messages[4].departmentCode", receipt.getString("outcomes[4].problem.errors[0].field"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + receipt.getString("outcomes[1].evaluationId"))
                .then().statusCode(200).body("departmentCode", equalTo(dept));
        for (String refused : List.of(deptB, deptC, deptD)) {
            given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?departmentCode=" + refused).then().statusCode(200)
                    .body("totalItems", equalTo(0));
        }
    }

    /**
     * Whatever else makes the database refuse one evaluation of a batch (here a trigger standing
     * for a failure no check foresaw) costs that message alone: a 500 for it, to be retried, and
     * the others of the batch stored, each with its message to reporting-service.
     */
    @Test
    void anEvaluationTheDatabaseRefusesFailsAloneAndTheRestOfTheBatchIsStored() {
        String poison = "POISON-" + Fixtures.department();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("CREATE FUNCTION test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.department_code LIKE 'POISON-%' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$")
                    .executeUpdate();
            em.createNativeQuery("CREATE TRIGGER test_refuse_poison BEFORE INSERT ON evaluation FOR EACH ROW "
                    + "EXECUTE FUNCTION test_refuse_poison()").executeUpdate();
        });
        try {
            String a = Fixtures.department();
            String b = Fixtures.department();
            ObjectNode first = carrying(a, Fixtures.nextId(), Fixtures.validContent(a));
            ObjectNode bad = carrying(poison, Fixtures.nextId(), Fixtures.validContent(a));
            ObjectNode last = carrying(b, Fixtures.nextId(), Fixtures.validContent(b));
            JsonPath receipt = deliver(Tokens.service(), first, bad, last).then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(201, 500, 201), receipt.getList("outcomes.status"));
            assertEquals("https://jixiao.cn/problems/internal", receipt.getString("outcomes[1].problem.type"));
            assertTrue(receipt.getString("outcomes[1].problem.detail").matches(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*"),
                    "an incident id to find in the log: " + receipt.getString("outcomes[1].problem.detail"));
            for (int i : new int[] {0, 2}) {
                String id = receipt.getString("outcomes[" + i + "].evaluationId");
                long announced = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM outbox_message WHERE aggregate_id = :id").setParameter("id", id).getSingleResult()).longValue());
                assertEquals(1, announced, "one EvaluationCompleted for " + id);
            }
            // alone, the refused message is still a 500 for itself, not for its batch
            receipt = deliver(Tokens.service(), bad).then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(500), receipt.getList("outcomes.status"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("DROP TRIGGER test_refuse_poison ON evaluation").executeUpdate();
                em.createNativeQuery("DROP FUNCTION test_refuse_poison()").executeUpdate();
            });
        }
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?departmentCode=" + poison).then().statusCode(200)
                .body("totalItems", equalTo(0));
    }

    /** A number of a billion digits would take minutes to add into the totals: refused before anything is computed. */
    @Test
    void aNumberNoFilingCouldHoldIsRefusedAloneNamingItsPath() {
        String dept = Fixtures.department();
        ObjectNode content = Fixtures.validContent(dept);
        ObjectNode huge = carrying(dept, Fixtures.nextId(), content);
        // after the message's totals were summed: this test's own sum would fail on it
        ((ObjectNode) content.at("/finance/0/income")).put("carryOver", new java.math.BigDecimal("1e999999999"));
        ObjectNode good = carrying(Fixtures.department(), Fixtures.nextId(), Fixtures.validContent(dept));
        JsonPath receipt = deliver(Tokens.service(), huge, good).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(400, 201), receipt.getList("outcomes.status"));
        assertEquals("$.messages[0].content.finance[0].income.carryOver", receipt.getString("outcomes[0].problem.errors[0].field"));
        assertEquals("out-of-range", receipt.getString("outcomes[0].problem.errors[0].code"));
        // a zero of 10,000 places would fail wherever the result's inputs are written out in full
        ObjectNode zeroContent = Fixtures.validContent(dept);
        ObjectNode zero = carrying(Fixtures.department(), Fixtures.nextId(), zeroContent);
        ((ObjectNode) zeroContent.at("/finance/0/income")).put("governmentFund", new java.math.BigDecimal("0E-10000"));
        receipt = deliver(Tokens.service(), zero).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(400), receipt.getList("outcomes.status"));
        assertEquals("$.messages[0].content.finance[0].income.governmentFund", receipt.getString("outcomes[0].problem.errors[0].field"));
        // text inside the content that PostgreSQL cannot store would fail the result's insert
        ObjectNode nulContent = Fixtures.validContent(dept);
        ObjectNode nul = carrying(Fixtures.department(), Fixtures.nextId(), nulContent);
        ((ObjectNode) nulContent.at("/finance/0")).put("note", "县\u0000局");
        receipt = deliver(Tokens.service(), nul).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(400), receipt.getList("outcomes.status"));
        assertEquals("$.messages[0].content.finance[0].note", receipt.getString("outcomes[0].problem.errors[0].field"));
        assertEquals("unsupported-character", receipt.getString("outcomes[0].problem.errors[0].code"));
    }

    /** An overflowing integer was a 400 naming nothing; a fraction was read as the integer below it. */
    @Test
    void anIntegerOutOfRangeOrAFractionIsA400NamingIt() {
        String dept = Fixtures.department();
        ObjectNode overflow = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept));
        overflow.set("revision", Fixtures.JSON.getNodeFactory().numberNode(new java.math.BigInteger("99999999999")));
        deliver(Tokens.service(), overflow).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.messages[0].revision")).body("errors[0].code", equalTo("out-of-range"));
        ObjectNode fraction = carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept)).put("revision", 1.5);
        deliver(Tokens.service(), fraction).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.messages[0].revision"));
        // nothing was scored
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?departmentCode=" + dept).then().statusCode(200)
                .body("totalItems", equalTo(0));
    }

    @Test
    void lastYearsFilingCarriedByTheMessageIsTheOneUsed() {
        String dept = Fixtures.department();
        ObjectNode content = Fixtures.validContent(dept);
        ((ObjectNode) content.get("baseData")).remove("lastYearThreePublicTotal");
        ObjectNode lastYear = Fixtures.validContent(dept);
        ((ObjectNode) lastYear.at("/finance/0/threePublic")).put("reception", new BigDecimal("0.10")).put("total", new BigDecimal("3.50"));
        UUID prior = UUID.randomUUID();
        ObjectNode m = carrying(dept, Fixtures.nextId(), content);
        m.putObject("priorYear").put("filingId", prior.toString()).put("revision", 2).put("contentSha256", "sha-prior")
                .set("content", lastYear);
        ((ObjectNode) m.get("priorYear")).set("financeTotals", Fixtures.totals(lastYear));
        String id = deliver(Tokens.service(), m).then().statusCode(200).body("outcomes[0].status", equalTo(201))
                .extract().path("outcomes[0].evaluationId");
        JsonPath body = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + id).then().statusCode(200)
                .body("priorYear.filingId", equalTo(prior.toString())).body("priorYear.revision", equalTo(2)).extract().jsonPath();
        // this year's 4.90 against last year's 3.80: +28.95% → 0, as when read back
        JsonPath change = EvaluationTest.indicator(body, "three-public-change-rate");
        assertEquals(0.0f, change.getFloat("computedScore"));
        assertTrue(change.getString("explanation.arithmetic").contains("3.80"), change.getString("explanation.arithmetic"));
    }

    @Test
    void anOlderMessageWithoutContentIsReadBackFromSubmission() {
        Scenario s = Fixtures.scenario(wiremock, null);
        ObjectNode older = EvaluationTest.filingSubmitted(s);
        JsonPath receipt = deliver(Tokens.service(), older).then().statusCode(200).extract().jsonPath();
        assertEquals(201, receipt.getInt("outcomes[0].status"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/" + receipt.getString("outcomes[0].evaluationId"))
                .then().statusCode(200).body("departmentName", equalTo("测试部门" + s.department()));
    }

    @Test
    void onlyServicesDeliverAndTheBatchMustHoldMessages() {
        String dept = Fixtures.department();
        deliver(Tokens.filer(dept), carrying(dept, 1, Fixtures.validContent(dept))).then().statusCode(403);
        deliver(Tokens.reviewer(), carrying(dept, 1, Fixtures.validContent(dept))).then().statusCode(403);
        deliver(Tokens.service()).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{}").post("/api/v1/evaluations/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("$.messages"));
        // a null message was a 500 (a NullPointerException): a bad envelope, refused whole
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"messages\":[null]}").post("/api/v1/evaluations/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.containsString("messages"));
        // and a page past what an offset can hold
        given().auth().oauth2(Tokens.reviewer()).queryParam("page", Integer.MAX_VALUE).queryParam("size", 2).get("/api/v1/evaluations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.containsString("page"));
        // U+0000 in a parameter, which PostgreSQL refuses in any text: a 500 before
        given().auth().oauth2(Tokens.reviewer()).urlEncodingEnabled(false).get("/api/v1/evaluations?departmentCode=%00")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("departmentCode")).body("errors[0].code", equalTo("unsupported-character"));
        given().auth().oauth2(Tokens.reviewer()).urlEncodingEnabled(false).get("/api/v1/rubrics/a%00b/versions")
                .then().statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(400)).or(org.hamcrest.Matchers.is(404)))
                .contentType("application/problem+json");
    }
}
