package cn.jixiao.reporting.evaluation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.reporting.support.Api;
import cn.jixiao.reporting.support.Messages;
import cn.jixiao.reporting.support.TableRows;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The batch inbox scoring-service's outbox posts to: every message answered on its own, and the
 * read model and every aggregate left exactly as delivering the same messages one by one leaves
 * them. Years 2070–2079 and departments B… are this class's.
 */
@QuarkusTest
class InboxBatchTest {

    static final String BATCH = "/api/v1/reports/evaluations/batch";
    static final String SINGLE = "/api/v1/reports/evaluations";

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyMessageIsAnsweredOnItsOwnInTheOrderSent() {
        ObjectNode first = simple("BO1", 2070, "88.00", "良").build();
        ObjectNode refused = simple("BO2", 2070, "75.00", "中").build();
        refused.remove("evaluationId");
        refused.put("grade", "A");
        ObjectNode second = simple("BO3", 2070, "66.00", "中").build();
        ObjectNode wrongType = simple("BO4", 2070, "70.00", "中").build();
        wrongType.put("fiscalYear", "next year");
        ObjectNode twice = simple("BO5", 2070, "70.00", "中").indicator("ind-a", "4.00", "4.00", null, null, false, false).build();
        ObjectNode noMessageId = simple("BO6", 2070, "70.00", "中").build();
        noMessageId.remove("messageId");

        JsonNode outcomes = post(first, refused, second, first, wrongType, twice, noMessageId).get("outcomes");

        assertEquals(7, outcomes.size());
        assertOutcome(outcomes.get(0), first, 200, "APPLIED");
        assertEquals(400, outcomes.get(1).get("status").asInt());
        assertEquals(refused.get("messageId").asText(), outcomes.get(1).get("messageId").asText());
        assertFalse(outcomes.get(1).has("outcome"));
        JsonNode problem = outcomes.get(1).get("problem");
        assertEquals("https://jixiao.cn/problems/invalid-input", problem.get("type").asText());
        assertEquals(List.of("$.messages[1].evaluationId", "$.messages[1].grade"), fields(problem));
        assertOutcome(outcomes.get(2), second, 200, "APPLIED");
        assertOutcome(outcomes.get(3), first, 200, "DUPLICATE");
        assertEquals(400, outcomes.get(4).get("status").asInt());
        assertEquals(List.of("$.messages[4].fiscalYear"), fields(outcomes.get(4).get("problem")));
        assertEquals(List.of("$.messages[5].indicators[3].code"), fields(outcomes.get(5).get("problem")));
        assertEquals("duplicate", outcomes.get(5).get("problem").get("errors").get(0).get("code").asText());
        assertFalse(outcomes.get(6).has("messageId"));
        assertEquals(List.of("$.messages[6].messageId"), fields(outcomes.get(6).get("problem")));

        // each refusal is the single endpoint's, its fields named under the message's place in the batch
        Map<ObjectNode, String> refusedAt = new LinkedHashMap<>();
        refusedAt.put(refused, "$.messages[1]");
        refusedAt.put(wrongType, "$.messages[4]");
        refusedAt.put(twice, "$.messages[5]");
        refusedAt.put(noMessageId, "$.messages[6]");
        int i = 0;
        for (Map.Entry<ObjectNode, String> e : refusedAt.entrySet()) {
            JsonNode alone = Api.parse(given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(e.getKey().toString())
                    .post(SINGLE).then().statusCode(400).extract().asString());
            JsonNode inBatch = outcomes.get(new int[] {1, 4, 5, 6}[i++]).get("problem");
            assertEquals(alone.get("type"), inBatch.get("type"));
            assertEquals(alone.get("status"), inBatch.get("status"));
            assertEquals(fields(alone).stream().map(f -> e.getValue() + f.substring(1)).toList(), fields(inBatch));
            for (int k = 0; k < alone.get("errors").size(); k++) {
                assertEquals(alone.get("errors").get(k).get("code"), inBatch.get("errors").get(k).get("code"));
            }
        }
        assertEquals(2, Api.json("/api/v1/reports/2070/grades", Tokens.viewer()).get("departmentCount").asInt(),
                "the refused messages held back none of the others");
    }

    @Test
    void aBatchLeavesTheReportsAsDeliveringItsMessagesOneByOneDoes() throws SQLException {
        List<ObjectNode> alone = history("BS", 2071, 7101);
        List<String> oneByOne = new ArrayList<>();
        alone.forEach(m -> oneByOne.add(Messages.deliver(m)));
        assertEquals(List.of("APPLIED", "APPLIED", "APPLIED", "SUPERSEDED", "APPLIED", "STALE", "DUPLICATE", "NOT_OFFICIAL",
                "APPLIED", "APPLIED", "APPLIED"), oneByOne);

        List<ObjectNode> batched = history("BA", 2072, 7201);
        assertEquals(oneByOne, outcomes(post(batched.toArray(ObjectNode[]::new))));

        assertEquals(snapshot(2071, "BS"), snapshot(2072, "BA"));
    }

    @Test
    void aDistrictsBatchWritesEachKeyOnceAndLeavesTheReportsAsOneByOneDoes() throws SQLException {
        List<String> oneByOne = new ArrayList<>();
        deadline("WS", 2081).forEach(m -> oneByOne.add(Messages.deliver(m)));
        List<String> applied = new ArrayList<>(Collections.nCopies(20, "APPLIED"));
        applied.add("DUPLICATE");
        assertEquals(applied, oneByOne);

        List<ObjectNode> batch = deadline("WB", 2082);
        assertEquals(oneByOne, outcomes(post(batch.toArray(ObjectNode[]::new))));

        assertEquals(snapshot(2081, "WS"), snapshot(2082, "WB"));
        // and what both hold is what the results aggregate to, not only what the other path left
        assertEquals(plain("""
                SELECT cycle_id, dept_group, grade, count(*), sum(total_score), min(total_score), max(total_score),
                       count(self_total_score), coalesce(sum(self_total_score), 0.00), min(self_total_score), max(self_total_score),
                       coalesce(sum(gap), 0.00), count(*) FILTER (WHERE gap > 0), sum(income_total), sum(fixed_assets_total)
                FROM reporting.result WHERE fiscal_year = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", 2082),
                plain("""
                SELECT cycle_id, dept_group, grade, department_count, total_sum, total_min, total_max, self_count, self_sum,
                       self_min, self_max, gap_sum, over_count, income_total, fixed_assets_total
                FROM reporting.agg_result WHERE fiscal_year = ? ORDER BY 1, 2, 3""", 2082));
        assertEquals(plain("""
                SELECT cycle_id, dept_group, grade, indicator_code, max(indicator_name), max(level1_name), max(level2_name),
                       min(sort_order), max(points), count(*), sum(final_score), min(final_score), max(final_score),
                       count(computed_score), coalesce(sum(computed_score), 0.00), min(computed_score), max(computed_score),
                       count(self_score), coalesce(sum(self_score), 0.00), min(self_score), max(self_score),
                       count(review_score), coalesce(sum(review_score), 0.00), sum(deduction), count(*) FILTER (WHERE deduction > 0),
                       count(*) FILTER (WHERE over_scored), count(*) FILTER (WHERE not_computable)
                FROM reporting.result_indicator WHERE fiscal_year = ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""", 2082),
                plain("""
                SELECT cycle_id, dept_group, grade, indicator_code, indicator_name, level1_name, level2_name, sort_order, points,
                       department_count, final_sum, final_min, final_max, computed_count, computed_sum, computed_min, computed_max,
                       self_count, self_sum, self_min, self_max, review_count, review_sum, deduction_sum, loss_count,
                       over_scored_count, not_computable_count
                FROM reporting.agg_indicator WHERE fiscal_year = ? ORDER BY 1, 2, 3, 4""", 2082));
        assertEquals(plain("""
                SELECT department_code, count(*), count(self_total_score), count(*) FILTER (WHERE gap > 0), coalesce(sum(gap), 0.00)
                FROM reporting.result WHERE fiscal_year = ? AND department_code LIKE 'WB%' GROUP BY 1 ORDER BY 1""", 2082),
                plain("""
                SELECT department_code, result_count, self_count, over_count, gap_sum FROM reporting.agg_department
                WHERE department_code LIKE 'WB%' AND ? > 0 ORDER BY 1""", 2082));
    }

    /**
     * A deadline's delivery: two departments' results already held (delivered one by one), then
     * several new results in one group and grade, a new revision replacing a result in that same
     * key, one moving a department to another group (its old key left empty, and a new result
     * landing in it), several new results in keys no result left, a department's results of two
     * cycles, a result whose evaluation stops being official (the revision before it counts
     * again, read back from what is held), new results added to keys and departments that hold
     * results already, a department whose result is replaced while another cycle's is added, two
     * results naming a category differently (one message left out the category's name), and a
     * message given twice. Returns
     * the deliveries after the ones already held.
     */
    private static List<ObjectNode> deadline(String prefix, int year) {
        long cycle = year * 10L + 1;
        Messages.deliver(of(prefix + "E1", "综合", year, cycle, "85.00", "90.00", "良", "4.00", null).revision(1).build());
        Messages.deliver(of(prefix + "E2", "城建", year, cycle, "72.00", null, "中", "3.50", null).revision(1).build());
        String stops = UUID.randomUUID().toString();
        Messages.deliver(of(prefix + "E3", "综合", year, cycle, "78.00", "80.00", "中", "3.00", null).revision(1).build());
        Messages.deliver(of(prefix + "E3", "综合", year, cycle, "82.00", "80.00", "良", "4.00", null).revision(2).version(stops, 1).build());
        Messages.deliver(of(prefix + "E4", "城建", year, cycle, "80.00", "85.00", "良", "4.00", null).build());
        List<ObjectNode> m = new ArrayList<>();
        m.add(of(prefix + "X1", "综合", year, cycle, "81.00", "88.00", "良", "3.00", null).build());
        m.add(of(prefix + "X2", "综合", year, cycle, "88.50", null, "良", "5.00", "4.50").build());
        m.add(of(prefix + "X3", "综合", year, cycle, "84.00", "80.00", "良", "4.50", null).build());
        m.add(of(prefix + "E1", "综合", year, cycle, "83.00", "90.00", "良", "2.50", "3.00").revision(2).build());
        m.add(of(prefix + "X4", "综合", year, cycle, "86.00", "86.00", "良", "5.00", null).build());
        m.add(of(prefix + "E2", "综合", year, cycle, "95.00", null, "优", "5.00", null).revision(2).build());
        m.add(of(prefix + "X5", "城建", year, cycle, "65.00", "70.00", "中", "2.00", null).build());
        m.add(of(prefix + "X6", "城建", year, cycle, "70.00", "75.00", "中", "3.00", null).build());
        m.add(of(prefix + "X6", "城建", year, cycle + 1, "90.00", "95.00", "优", "5.00", null).build());
        m.add(of(prefix + "X7", null, year, cycle + 1, "60.00", "99.00", "中", "1.00", null).build());
        m.add(of(prefix + "X8", "综合", year, cycle, "92.00", "91.00", "优", "4.00", "3.50").build());
        m.add(of(prefix + "X9", "综合", year, cycle, "97.50", null, "优", "5.00", null).build());
        m.add(of(prefix + "X10", null, year, cycle + 1, "61.00", null, "中", "1.50", "4.00").build());
        m.add(of(prefix + "E3", "综合", year, cycle, "82.00", "80.00", "良", "4.00", null).revision(2).version(stops, 2).official(false).build());
        m.add(of(prefix + "X11", "城建", year, cycle, "81.50", "85.00", "良", "3.50", null).build());
        m.add(of(prefix + "X12", "城建", year, cycle, "89.00", null, "良", "5.00", "4.50").build());
        m.add(of(prefix + "E4", "城建", year, cycle + 1, "75.00", "80.00", "中", "3.00", null).build());
        m.add(of(prefix + "E1", "综合", year, cycle + 1, "88.00", "90.00", "良", "4.00", null).build());
        m.add(of(prefix + "X13", "教育", year, cycle, "83.00", "85.00", "良", "4.00", null).build());
        ObjectNode unnamed = of(prefix + "X14", "教育", year, cycle, "85.00", "85.00", "良", "4.50", null).build();
        ((ArrayNode) unnamed.get("categories")).remove(1);
        m.add(unnamed);
        m.add(m.get(0).deepCopy());
        return m;
    }

    @Test
    void messagesSplitOverBatchesAndDeliveredAgainGiveTheSameReports() throws SQLException {
        List<ObjectNode> alone = history("BU", 2073, 7301);
        List<String> oneByOne = new ArrayList<>();
        alone.forEach(m -> oneByOne.add(Messages.deliver(m)));

        List<ObjectNode> split = history("BV", 2074, 7401);
        List<String> outcomes = new ArrayList<>(outcomes(post(split.subList(0, 4).toArray(ObjectNode[]::new))));
        outcomes.addAll(outcomes(post(split.subList(4, split.size()).toArray(ObjectNode[]::new))));
        assertEquals(oneByOne, outcomes);
        // the outbox delivers at least once: a whole batch again changes nothing
        assertTrue(outcomes(post(split.subList(0, 4).toArray(ObjectNode[]::new))).stream().allMatch("DUPLICATE"::equals));

        assertEquals(snapshot(2073, "BU"), snapshot(2074, "BV"));
    }

    @Test
    void whileARebuildRunsEveryValidMessageIsAskedToComeBackLater() throws Exception {
        ObjectNode valid = simple("BR1", 2075, "81.00", "良").build();
        ObjectNode invalid = simple("BR2", 2075, "81.00", "良").build();
        invalid.remove("departmentCode");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // what the rebuild holds for its whole transaction
                s.execute("SELECT pg_advisory_xact_lock(7, 1)");
                JsonNode outcomes = post(valid, invalid).get("outcomes");
                assertEquals(503, outcomes.get(0).get("status").asInt());
                assertEquals("https://jixiao.cn/problems/rebuild-in-progress", outcomes.get(0).get("problem").get("type").asText());
                assertEquals(400, outcomes.get(1).get("status").asInt());
                assertEquals(List.of("$.messages[1].departmentCode"), fields(outcomes.get(1).get("problem")));
            } finally {
                c.rollback();
            }
        }
        // the refused delivery left no trace: delivered again, it is applied
        assertEquals(List.of("APPLIED"), outcomes(post(valid)));
    }

    @Test
    void onlyServicesDeliver() {
        String body = envelope(simple("BP1", 2076, "75.00", "中").build()).toString();
        for (String token : List.of(Tokens.admin(), Tokens.viewer(), Tokens.reviewer(), Tokens.filer("BP1"), Tokens.integration("BP1"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(BATCH).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).body(body).post(BATCH).then().statusCode(401).contentType("application/problem+json");
        assertEquals(0, Api.json("/api/v1/reports/2076/grades", Tokens.viewer()).get("departmentCount").asInt());
    }

    @Test
    void theWholeRequestIsRefusedOnlyForABadEnvelope() {
        refusedWhole("{}", "$.messages");
        refusedWhole("{\"messages\":null}", "$.messages");
        refusedWhole("{\"messages\":[]}", "$.messages");
        refusedWhole("{\"messages\":{}}", "$.messages");
        refusedWhole("{\"messages\":[], \"more\":1}", "$.more");
        ArrayNode many = Messages.JSON.createArrayNode();
        for (int i = 0; i < EvaluationInboxResource.MAX_BATCH + 1; i++) {
            many.add(simple("BL" + i, 2077, "75.00", "中").build());
        }
        ObjectNode tooMany = Messages.JSON.createObjectNode();
        tooMany.set("messages", many);
        refusedWhole(tooMany.toString(), "$.messages");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"messages\": [")
                .post(BATCH).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.TEXT).body("{\"messages\": []}")
                .post(BATCH).then().statusCode(415).contentType("application/problem+json");
        // a second document after the first, or a key given twice, is refused as the other services refuse them
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"messages\": []} {\"messages\": []}")
                .post(BATCH).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("JSON 值之后还有内容 (line 1, column 18)"));
        refusedWhole("{\"messages\": [{\"messageId\": \"a\", \"messageId\": \"b\"}]}", "$.messages[0].messageId");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"messages\": [{\"messageId\": \"a\", \"messageId\": \"b\"}]}")
                .post(BATCH).then().body("errors[0].code", equalTo("duplicate-key"));
        // past Jackson's nesting limit: the client's error, not the server's
        refusedWhole("{\"messages\":[" + "[".repeat(1200) + "]".repeat(1200) + "]}", "$");
        assertEquals(0, Api.json("/api/v1/reports/2077/grades", Tokens.viewer()).get("departmentCount").asInt());

        // the most a batch may hold is received
        ArrayNode hundred = Messages.JSON.createArrayNode();
        for (int i = 0; i < EvaluationInboxResource.MAX_BATCH; i++) {
            hundred.add(simple("BM" + i, 2078, "75.00", "中").build());
        }
        ObjectNode full = Messages.JSON.createObjectNode();
        full.set("messages", hundred);
        JsonNode receipt = Api.parse(given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(full.toString())
                .post(BATCH).then().statusCode(200).extract().asString());
        assertTrue(outcomes(receipt).stream().allMatch("APPLIED"::equals));
        assertEquals(EvaluationInboxResource.MAX_BATCH, Api.json("/api/v1/reports/2078/grades", Tokens.viewer()).get("departmentCount").asInt());
    }

    @Test
    void aNumberTheTablesCannotHoldIsRefusedNamingItsField() {
        ObjectNode hugeAmount = simple("BN1", 2075, "75.00", "中").build();
        ((ObjectNode) hugeAmount.get("finance")).put("incomeTotal", new java.math.BigDecimal("10000000000000.00"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(hugeAmount.toString()).post(SINGLE).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("$.finance.incomeTotal")));
        ObjectNode hugeScore = simple("BN2", 2075, "75.00", "中").build();
        hugeScore.put("totalScore", new java.math.BigDecimal("10000000000"));
        ObjectNode fine = simple("BN3", 2075, "75.00", "中").build();
        JsonNode outcomes = post(fine, hugeScore, hugeAmount).get("outcomes");
        assertOutcome(outcomes.get(0), fine, 200, "APPLIED");
        assertEquals(400, outcomes.get(1).get("status").asInt());
        assertEquals(List.of("$.messages[1].totalScore"), fields(outcomes.get(1).get("problem")));
        assertEquals(List.of("$.messages[2].finance.incomeTotal"), fields(outcomes.get(2).get("problem")));
        // trailing zeros are within the bound: this is 75
        ObjectNode zeros = simple("BN5", 2075, "75.00", "中").build();
        String zerosBody = zeros.toString().replace("\"totalScore\":75.00", "\"totalScore\":75.0000000000000000000000000");
        assertTrue(zerosBody.contains("75.0000000000000000000000000"), zerosBody);
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(zerosBody).post(SINGLE).then().statusCode(200);
        // a short text for a number of a billion digits, and one of a billion decimals
        for (String huge : List.of("1e999999999", "1e-999999999")) {
            ObjectNode m = simple("BN4", 2075, "75.00", "中").build();
            String body = m.toString().replace("\"incomeTotal\":", "\"incomeTotal\":" + huge + ",\"x\":");
            body = body.replace(",\"x\":" + m.get("finance").get("incomeTotal").toString(), "");
            given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(body).post(SINGLE).then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("$.finance.incomeTotal")));
        }
        // a zero of 10,000 places is the zero it writes, not a number to fail on wherever written out in full
        ObjectNode zero = simple("BN6", 2075, "75.00", "中").build();
        String zeroBody = zero.toString().replace("\"incomeTotal\":", "\"incomeTotal\":0E-10000,\"x\":");
        zeroBody = zeroBody.replace(",\"x\":" + zero.get("finance").get("incomeTotal").toString(), "");
        assertTrue(zeroBody.contains("0E-10000"), zeroBody);
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(zeroBody).post(SINGLE).then().statusCode(200);
    }

    /**
     * A timestamp PostgreSQL cannot store was a 500 at the insert; an overflowing integer a 400
     * naming nothing; a fraction was read as the integer below it.
     */
    @Test
    void aTimestampOrIntegerBeyondWhatCanBeStoredIsRefusedNamingItsField() {
        ObjectNode farFuture = simple("BR1", 2077, "75.00", "中").build().put("evaluatedAt", "+300000-01-01T00:00:00Z");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(farFuture.toString()).post(SINGLE).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("$.evaluatedAt")))
                .body("errors.code", equalTo(List.of("out-of-range")));
        ObjectNode overflow = simple("BR2", 2077, "75.00", "中").build();
        overflow.set("fiscalYear", Messages.JSON.getNodeFactory().numberNode(new java.math.BigInteger("99999999999")));
        ObjectNode fraction = simple("BR3", 2077, "75.00", "中").build().put("fiscalYear", 2077.5);
        ObjectNode fine = simple("BR4", 2077, "75.00", "中").build();
        JsonNode outcomes = post(farFuture, overflow, fraction, fine).get("outcomes");
        assertEquals(List.of("$.messages[0].evaluatedAt"), fields(outcomes.get(0).get("problem")));
        assertEquals(List.of("$.messages[1].fiscalYear"), fields(outcomes.get(1).get("problem")));
        assertEquals("out-of-range", outcomes.get(1).get("problem").get("errors").get(0).get("code").asText());
        assertEquals(List.of("$.messages[2].fiscalYear"), fields(outcomes.get(2).get("problem")));
        assertOutcome(outcomes.get(3), fine, 200, "APPLIED");
        assertEquals(1, Api.json("/api/v1/reports/2077/grades", Tokens.viewer()).get("departmentCount").asInt());
    }

    /** PostgreSQL cannot hold U+0000, and an unpaired surrogate is not text: refused where read, not a 500 at the insert. */
    @Test
    void textTheTablesCannotHoldIsRefusedNamingItsField() {
        ObjectNode nul = simple("BT1", 2076, "75.00", "中").build();
        nul.put("departmentName", "县\u0000局");
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(nul.toString()).post(SINGLE).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("$.departmentName")))
                .body("errors.code", equalTo(List.of("unsupported-character")));
        // a null entry of a list is named by its place, not by Bean Validation's "<list element>"
        ObjectNode nullIndicator = simple("BT3", 2076, "75.00", "中").build();
        ((ArrayNode) nullIndicator.get("indicators")).addNull();
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(nullIndicator.toString()).post(SINGLE).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("$.indicators[3]"));
        ObjectNode halfPair = simple("BT2", 2076, "75.00", "中").build();
        halfPair.put("departmentName", "县HALF局");
        ObjectNode fine = simple("BT3", 2076, "75.00", "中").build();
        // written as the escape itself: a lone surrogate in a Java string would be sent as '?'
        String batch = envelope(halfPair, fine, nul).toString().replace("HALF", "\\ud800");
        JsonNode outcomes = Api.parse(given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(batch)
                .post(BATCH).then().statusCode(200).extract().asString()).get("outcomes");
        assertEquals(400, outcomes.get(0).get("status").asInt());
        assertEquals(List.of("$.messages[0].departmentName"), fields(outcomes.get(0).get("problem")));
        assertEquals("invalid-unicode", outcomes.get(0).get("problem").get("errors").get(0).get("code").asText());
        assertOutcome(outcomes.get(1), fine, 200, "APPLIED");
        assertEquals(List.of("$.messages[2].departmentName"), fields(outcomes.get(2).get("problem")));
        assertEquals(1, Api.json("/api/v1/reports/2076/grades", Tokens.viewer()).get("departmentCount").asInt());
    }

    @Test
    void whenTheBatchFailsInTheDatabaseItsMessagesAreReceivedOneByOne() throws SQLException {
        ObjectNode before = simple("BF1", 2075, "81.00", "良").build();
        ObjectNode failing = simple("BF2", 2075, "82.00", "良").build();
        ObjectNode after = simple("BF3", 2075, "83.00", "良").build();
        // a failure no check foresaw, for one department only
        execute("""
                CREATE FUNCTION reporting.fail_for_bf2() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.department_code = 'BF2' THEN RAISE EXCEPTION 'not for BF2'; END IF;
                    RETURN NEW;
                END $$""");
        execute("CREATE TRIGGER fail_for_bf2 BEFORE INSERT ON reporting.result FOR EACH ROW EXECUTE FUNCTION reporting.fail_for_bf2()");
        JsonNode outcomes;
        try {
            outcomes = post(before, failing, after).get("outcomes");
        } finally {
            execute("DROP TRIGGER fail_for_bf2 ON reporting.result");
            execute("DROP FUNCTION reporting.fail_for_bf2()");
        }
        assertOutcome(outcomes.get(0), before, 200, "APPLIED");
        assertOutcome(outcomes.get(2), after, 200, "APPLIED");
        assertEquals(500, outcomes.get(1).get("status").asInt());
        JsonNode problem = outcomes.get(1).get("problem");
        assertEquals("https://jixiao.cn/problems/internal", problem.get("type").asText());
        assertFalse(problem.get("detail").asText().contains("BF2"), "the database's words stay in the log");
        // delivered again, as the outbox does with a 5xx, it is received
        assertEquals(List.of("APPLIED"), outcomes(post(failing)));
    }

    @Test
    void batchesAndSingleMessagesOfOneCycleSideBySideLeaveEveryAggregateAsTheResultsAggregated() throws Exception {
        int year = 2079;
        long cycle = 20791;
        // four revisions of each department's filing, the last one counting; shuffled over four senders
        List<ObjectNode> all = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int d = 1; d <= 12; d++) {
            String dept = String.format("BC%02d", d);
            for (int r = 1; r <= 4; r++) {
                String total = (50 + d * 3 + r * 2) + "." + (d % 2 == 0 ? "50" : "00");
                java.math.BigDecimal t = new java.math.BigDecimal(total);
                String grade = t.compareTo(java.math.BigDecimal.valueOf(90)) >= 0 ? "优" : t.compareTo(java.math.BigDecimal.valueOf(80)) >= 0 ? "良"
                        : t.compareTo(java.math.BigDecimal.valueOf(60)) >= 0 ? "中" : "差";
                all.add(of(dept, r % 2 == 0 ? "综合" : "城建", year, cycle, total, "80.00", grade, r % 3 == 0 ? "5.00" : "3.00", null)
                        .revision(r).build());
                expected.put(dept, total);
            }
        }
        Collections.shuffle(all, new Random(2079));
        ExecutorService senders = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newHttpClient();
        String token = Tokens.service();
        try {
            List<Future<List<Integer>>> sent = new ArrayList<>();
            for (int sender = 0; sender < 4; sender++) {
                List<ObjectNode> mine = all.subList(sender * 12, sender * 12 + 12);
                boolean oneByOne = sender == 3;
                sent.add(senders.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    if (oneByOne) {
                        for (ObjectNode m : mine) {
                            statuses.add(send(http, token, SINGLE, m.toString()).statusCode());
                        }
                    } else {
                        for (int from = 0; from < mine.size(); from += 4) {
                            HttpResponse<String> r = send(http, token, BATCH, envelope(mine.subList(from, from + 4).toArray(ObjectNode[]::new)).toString());
                            statuses.add(r.statusCode());
                            Api.parse(r.body()).path("outcomes").forEach(o -> statuses.add(o.path("status").asInt()));
                        }
                    }
                    return statuses;
                }));
            }
            for (var f : sent) {
                assertTrue(f.get().stream().allMatch(status -> status == 200), "every delivery received");
            }
        } finally {
            senders.shutdown();
        }

        Map<String, String> shown = new LinkedHashMap<>();
        Api.json("/api/v1/reports/" + year + "/ranking?size=100", Tokens.viewer()).get("items")
                .forEach(row -> shown.put(row.get("departmentCode").asText(), row.get("totalScore").decimalValue().toPlainString()));
        assertEquals(new TreeMap<>(expected), new TreeMap<>(shown));
        assertEquals(plain("""
                SELECT dept_group, grade, count(*), sum(total_score), min(total_score), max(total_score), count(self_total_score),
                       sum(gap), count(*) FILTER (WHERE gap > 0), sum(income_total)
                FROM reporting.result WHERE fiscal_year = ? GROUP BY 1, 2 ORDER BY 1, 2""", year),
                plain("""
                SELECT dept_group, grade, department_count, total_sum, total_min, total_max, self_count, gap_sum, over_count, income_total
                FROM reporting.agg_result WHERE fiscal_year = ? ORDER BY 1, 2""", year));
        assertEquals(plain("""
                SELECT dept_group, grade, indicator_code, count(*), sum(final_score), min(final_score), max(final_score), sum(deduction),
                       count(*) FILTER (WHERE deduction > 0)
                FROM reporting.result_indicator WHERE fiscal_year = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", year),
                plain("""
                SELECT dept_group, grade, indicator_code, department_count, final_sum, final_min, final_max, deduction_sum, loss_count
                FROM reporting.agg_indicator WHERE fiscal_year = ? ORDER BY 1, 2, 3""", year));
        assertEquals(plain("SELECT total_score, count(*) FROM reporting.result WHERE fiscal_year = ? GROUP BY 1 ORDER BY 1", year),
                plain("SELECT total_score, department_count FROM reporting.agg_score WHERE fiscal_year = ? ORDER BY 1", year));
        assertEquals(plain("SELECT floor(total_score), count(*) FROM reporting.result WHERE fiscal_year = ? GROUP BY 1 ORDER BY 1", year),
                plain("SELECT score_band, department_count FROM reporting.agg_score_band WHERE fiscal_year = ? ORDER BY 1", year));
        assertEquals(plain("""
                SELECT indicator_code, count(*), sum(final_score), count(self_score), sum(deduction), count(*) FILTER (WHERE deduction > 0)
                FROM reporting.result_indicator WHERE fiscal_year = ? GROUP BY 1 ORDER BY 1""", year),
                plain("""
                SELECT indicator_code, department_count, final_sum, self_count, deduction_sum, loss_count
                FROM reporting.agg_indicator_district WHERE fiscal_year = ? ORDER BY 1""", year));
    }

    private HttpResponse<String> send(HttpClient http, String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The rows' values in the query's order, as text. */
    private List<String> plain(String sql, int year) throws SQLException {
        List<String> rows = TableRows.of(dataSource, sql, year);
        assertFalse(rows.isEmpty(), sql);
        return rows;
    }

    // --- given ----------------------------------------------------------------------------------

    private static Messages.Builder simple(String dept, int year, String total, String grade) {
        return Messages.evaluation(dept, "部门" + dept, "综合", year, year * 10L + 1).totals(total, total, grade)
                .indicator("ind-a", "5.00", "5.00", "5.00", null, false, false)
                .indicator("ind-b", "3.00", "3.00", "3.00", null, false, false)
                .indicator("ind-c", "5.00", null, "5.00", "5.00", false, false);
    }

    private static Messages.Builder of(String dept, String group, int year, long cycle, String total, String self, String grade,
            String indA, String review) {
        return Messages.evaluation(dept, "部门" + dept, group, year, cycle).totals(total, self, grade)
                .indicator("ind-a", indA, indA, "5.00", null, indA.compareTo("5.00") < 0, false)
                .indicator("ind-c", review == null ? "4.00" : review, null, "5.00", review, false, false);
    }

    /**
     * One cycle's deliveries with every outcome: first results, a newer revision, an older one
     * arriving late, a review's new version and the old one again, a repeated message, a
     * re-score for comparison, and a result withdrawn when its evaluation stops being official.
     */
    private static List<ObjectNode> history(String prefix, int year, long cycle) {
        String reviewed = UUID.randomUUID().toString();
        String withdrawn = UUID.randomUUID().toString();
        List<ObjectNode> m = new ArrayList<>();
        m.add(of(prefix + "1", "综合", year, cycle, "85.00", "90.00", "良", "4.00", null).revision(1).build());
        m.add(of(prefix + "2", "综合", year, cycle, "72.00", null, "中", "3.50", null).version(reviewed, 1).build());
        m.add(of(prefix + "1", "城建", year, cycle, "91.00", "90.00", "优", "5.00", null).revision(2).build());
        m.add(of(prefix + "1", "综合", year, cycle, "60.00", "90.00", "中", "2.00", null).revision(1).build());
        m.add(of(prefix + "2", "综合", year, cycle, "65.50", null, "中", "3.50", "2.50").version(reviewed, 2).build());
        m.add(of(prefix + "2", "综合", year, cycle, "72.00", null, "中", "3.50", null).version(reviewed, 1).build());
        m.add(m.get(1).deepCopy());
        m.add(of(prefix + "3", "综合", year, cycle, "99.00", null, "优", "5.00", null).official(false).build());
        m.add(of(prefix + "4", null, year, cycle, "55.00", "80.00", "差", "1.00", null).version(withdrawn, 1).build());
        m.add(of(prefix + "5", "城建", year, cycle, "85.00", "85.00", "良", "4.00", null).build());
        m.add(of(prefix + "4", null, year, cycle, "55.00", "80.00", "差", "1.00", null).version(withdrawn, 2).official(false).build());
        return m;
    }

    private static ObjectNode envelope(ObjectNode... messages) {
        ObjectNode body = Messages.JSON.createObjectNode();
        ArrayNode list = body.putArray("messages");
        for (ObjectNode m : messages) {
            list.add(m);
        }
        return body;
    }

    private static JsonNode post(ObjectNode... messages) {
        return Api.parse(given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(envelope(messages).toString())
                .post(BATCH).then().statusCode(200).contentType("application/json").extract().asString());
    }

    private static void refusedWhole(String body, String field) {
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(body).post(BATCH).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://jixiao.cn/problems/invalid-input"))
                .body("errors.field", hasItem(field));
    }

    // --- then -----------------------------------------------------------------------------------

    private static List<String> outcomes(JsonNode receipt) {
        List<String> outcomes = new ArrayList<>();
        receipt.get("outcomes").forEach(o -> {
            assertEquals(200, o.get("status").asInt(), o.toString());
            outcomes.add(o.get("outcome").asText());
        });
        return outcomes;
    }

    private static void assertOutcome(JsonNode outcome, ObjectNode message, int status, String what) {
        assertEquals(message.get("messageId").asText(), outcome.get("messageId").asText());
        assertEquals(status, outcome.get("status").asInt());
        assertEquals(what, outcome.get("outcome").asText());
        assertFalse(outcome.has("problem"));
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    /** Columns that name the year, cycle, or ids each delivery makes up anew. */
    private static final Set<String> ELSEWHERE = Set.of("fiscal_year", "cycle_id", "evaluation_id", "filing_id", "evaluated_at",
            "received_at", "payload");

    /** Every table of the read model for one year (and the departments' rows across years), the department prefix taken out. */
    private Map<String, List<String>> snapshot(int year, String prefix) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : List.of("evaluation", "result", "result_indicator", "agg_result", "agg_indicator", "agg_score",
                "agg_score_band", "agg_indicator_district")) {
            tables.put(table, rows("SELECT * FROM reporting." + table + " WHERE fiscal_year = ?", year, prefix));
        }
        tables.put("agg_department", rows("SELECT * FROM reporting.agg_department WHERE department_code LIKE ? || '%'", prefix, prefix));
        assertFalse(tables.get("result").isEmpty());
        return tables;
    }

    private List<String> rows(String sql, Object parameter, String prefix) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        if (!ELSEWHERE.contains(rs.getMetaData().getColumnName(i))) {
                            row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                        }
                    }
                    rows.add(row.toString().replace(prefix, "B?"));
                }
            }
        }
        rows.sort(null);
        return rows;
    }
}
