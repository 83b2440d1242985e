package cn.jixiao.submission.filing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.problem.ApiException.Violation;
import cn.jixiao.submission.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every validation rule, each with a change that breaks it (the problem names the field) and
 * the valid filing it starts from (no problem at all).
 */
class FilingValidatorTest {

    static final String DEPT = "D001";
    static final Set<String> SUB_UNITS = Set.of("D001-01", "D001-02");
    static final Map<String, BigDecimal> POINTS = points();

    static Map<String, BigDecimal> points() {
        Map<String, BigDecimal> p = new LinkedHashMap<>();
        Fixtures.validContent(DEPT).at("/selfEvaluation/scores").forEach(s -> {
            String code = s.get("indicatorCode").asText();
            p.put(code, switch (code) {
                case "three-public-control-rate" -> new BigDecimal("6");
                case "asset-safety" -> new BigDecimal("4");
                case "output-growth-pole" -> new BigDecimal("7");
                case "output-livelihood", "output-key-projects" -> new BigDecimal("2");
                case "output-other" -> new BigDecimal("4");
                default -> s.get("score").decimalValue().max(new BigDecimal("3"));
            });
        });
        return p;
    }

    static List<Violation> validate(ObjectNode json) {
        FilingContent content = Fixtures.JSON.convertValue(json, FilingContent.class);
        return FilingValidator.validate(content, SUB_UNITS, POINTS);
    }

    @Test
    void theRealisticFilingIsValid() {
        assertEquals(List.of(), validate(Fixtures.validContent(DEPT)));
    }

    @Test
    void anEmptyFilingListsEveryRequiredSection() {
        List<String> fields = FilingValidator.validate(FilingContent.empty(), SUB_UNITS, POINTS).stream().map(Violation::field).toList();
        assertEquals(List.of("$.basicInfo", "$.finance", "$.baseData", "$.quantitativeIndicators", "$.selfEvaluation", "$.report"), fields);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                rule("$.finance[0].income.total", "sum-mismatch", c -> set(c, "/finance/0/income", "total", "250.41")),
                rule("$.finance[0].expenditure.basic", "sum-mismatch", c -> set(c, "/finance/0/expenditure", "basic", "201.16")),
                rule("$.finance[0].expenditure.total", "sum-mismatch", c -> set(c, "/finance/0/expenditure", "project", "30.01")),
                rule("$.finance[0].expenditure.accumulatedBalance", "sum-mismatch", c -> set(c, "/finance/0/expenditure", "accumulatedBalance", "19.26")),
                rule("$.finance[0].expenditure.balanceOfYear", "sum-mismatch", c -> set(c, "/finance/0/expenditure", "balanceOfYear", "6.70")),
                rule("$.finance[1].threePublic.total", "sum-mismatch", c -> set(c, "/finance/1/threePublic", "total", "0.31")),
                rule("$.finance[0].fixedAssets.total", "sum-mismatch", c -> set(c, "/finance/0/fixedAssets", "total", "499.99")),
                rule("$.finance[0].income.other", "negative", c -> {
                    set(c, "/finance/0/income", "other", "-1.00");
                    set(c, "/finance/0/income", "total", "249.40");
                }),
                rule("$.finance[0].income.carryOver", "too-many-decimals", c -> set(c, "/finance/0/income", "carryOver", "12.505")),
                rule("$.finance[0].income.publicFiscal", "required", c -> ((ObjectNode) c.at("/finance/0/income")).remove("publicFiscal")),
                rule("$.finance[0].subUnitCode", "unknown-sub-unit", c -> ((ObjectNode) c.at("/finance/0")).put("subUnitCode", "X-99")),
                rule("$.finance[1].subUnitCode", "duplicate", c -> ((ObjectNode) c.at("/finance/1")).put("subUnitCode", "D001-01")),
                // the department's total is the sum of every registered sub-unit: one left out understated it
                rule("$.finance", "sub-unit-missing", c -> ((ArrayNode) c.at("/finance")).remove(1)),
                rule("$.basicInfo.headcount.authorized", "sum-mismatch", c -> ((ObjectNode) c.at("/basicInfo/headcount")).put("authorized", 121)),
                rule("$.basicInfo.headcount.actual", "negative", c -> ((ObjectNode) c.at("/basicInfo/headcount")).put("actual", -1)),
                rule("$.basicInfo.contactName", "required", c -> ((ObjectNode) c.at("/basicInfo")).put("contactName", " ")),
                rule("$.basicInfo.contactPhone", "invalid-phone", c -> ((ObjectNode) c.at("/basicInfo")).put("contactPhone", "call me")),
                rule("$.basicInfo.functions", "required", c -> ((ObjectNode) c.at("/basicInfo")).putArray("functions")),
                // a null or empty paragraph beside real ones would print as a blank or "null" line
                rule("$.basicInfo.functions[2]", "required", c -> ((ArrayNode) c.at("/basicInfo/functions")).addNull()),
                rule("$.basicInfo.mainTasks[2]", "required", c -> ((ArrayNode) c.at("/basicInfo/mainTasks")).add(" ")),
                rule("$.basicInfo.mainTasks", "required", c -> ((ObjectNode) c.at("/basicInfo")).remove("mainTasks")),
                rule("$.baseData.satisfactionRate", "out-of-range", c -> set(c, "/baseData", "satisfactionRate", "100.01")),
                rule("$.baseData.satisfactionRate", "out-of-range", c -> set(c, "/baseData", "satisfactionRate", "-0.01")),
                rule("$.baseData.initialBudget", "negative", c -> set(c, "/baseData", "initialBudget", "-5.00")),
                rule("$.baseData.lateSpecialFunds", "negative", c -> ((ObjectNode) c.at("/baseData")).put("lateSpecialFunds", -1)),
                rule("$.baseData.officialCardPayments", "exceeds", c -> set(c, "/baseData", "officialCardPayments", "12.01")),
                rule("$.quantitativeIndicators", "required", c -> c.putArray("quantitativeIndicators")),
                rule("$.quantitativeIndicators[0].category", "invalid-value", c -> ((ObjectNode) c.at("/quantitativeIndicators/0")).put("category", "SOCIAL")),
                rule("$.quantitativeIndicators[0].level1", "invalid-value", c -> ((ObjectNode) c.at("/quantitativeIndicators/0")).put("level1", "INPUT")),
                rule("$.qualitativeGoals[0].achieved", "required", c -> ((ObjectNode) c.at("/qualitativeGoals/0")).remove("achieved")),
                rule("$.selfEvaluation.scores[0].score", "out-of-range", c -> set(c, "/selfEvaluation/scores/0", "score", "5.01")),
                rule("$.selfEvaluation.scores[0].score", "out-of-range", c -> set(c, "/selfEvaluation/scores/0", "score", "-0.50")),
                rule("$.selfEvaluation.scores[0].score", "too-many-decimals", c -> set(c, "/selfEvaluation/scores/0", "score", "4.999")),
                rule("$.selfEvaluation.scores[0].deductionReason", "required", c -> set(c, "/selfEvaluation/scores/0", "score", "4.00")),
                rule("$.selfEvaluation.scores[0].indicatorCode", "unknown-indicator", c -> ((ObjectNode) c.at("/selfEvaluation/scores/0")).put("indicatorCode", "nope")),
                rule("$.selfEvaluation.scores[1].indicatorCode", "duplicate", c -> ((ObjectNode) c.at("/selfEvaluation/scores/1")).put("indicatorCode", "staff-control-rate")),
                rule("$.selfEvaluation.scores", "indicator-missing", c -> ((ArrayNode) c.at("/selfEvaluation/scores")).remove(24)),
                rule("$.selfEvaluation.scores[0].score", "not-applicable-scored", c -> ((ObjectNode) c.at("/selfEvaluation/scores/0")).put("notApplicable", true)),
                rule("$.selfEvaluation.totalScore", "out-of-range", c -> set(c, "/selfEvaluation", "totalScore", "100.50")),
                // the gaps report sets the total against the final score: it must be the scores' sum
                rule("$.selfEvaluation.totalScore", "sum-mismatch", c -> set(c, "/selfEvaluation", "totalScore", "99.49")),
                rule("$.selfEvaluation.totalScore", "sum-mismatch", c -> set(c, "/selfEvaluation", "totalScore", "100.00")),
                rule("$.selfEvaluation.grade", "invalid-value", c -> ((ObjectNode) c.at("/selfEvaluation")).put("grade", "A")),
                rule("$.selfEvaluation.evaluators", "required", c -> ((ObjectNode) c.at("/selfEvaluation")).putArray("evaluators")),
                rule("$.report.problems", "required", c -> ((ObjectNode) c.at("/report")).remove("problems")),
                rule("$.report.improvements", "required", c -> ((ObjectNode) c.at("/report")).put("improvements", "")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenRules")
    void eachRuleNamesTheFieldItBreaks(String field, String code, Consumer<ObjectNode> breakIt) {
        ObjectNode content = Fixtures.validContent(DEPT);
        breakIt.accept(content);
        List<Violation> problems = validate(content);
        assertTrue(problems.stream().anyMatch(v -> v.field().equals(field) && v.code().equals(code)),
                "expected " + code + " at " + field + " but got " + problems);
        problems.forEach(v -> assertTrue(!v.message().zh().isBlank() && !v.message().en().isBlank()));
    }

    @Test
    void withNotApplicableIndicatorsTheTotalLiesBetweenTheScoresSumAndThatSumWithTheirPoints() {
        ObjectNode content = Fixtures.validContent(DEPT);
        ObjectNode first = (ObjectNode) content.at("/selfEvaluation/scores/0");
        String code = first.get("indicatorCode").asText();
        java.math.BigDecimal points = POINTS.get(code);
        java.math.BigDecimal sum = new java.math.BigDecimal(content.at("/selfEvaluation/totalScore").asText()).subtract(first.get("score").decimalValue());
        first.remove("score");
        first.put("notApplicable", true);
        // nothing, a fixed deduction, pro-rated or full points for it: each total is the filer's to give
        for (java.math.BigDecimal total : List.of(sum, sum.add(points).subtract(java.math.BigDecimal.ONE), sum.add(points))) {
            set(content, "/selfEvaluation", "totalScore", total.toPlainString());
            assertEquals(List.of(), validate(content), total.toPlainString());
        }
        for (java.math.BigDecimal total : List.of(sum.subtract(new java.math.BigDecimal("0.01")), sum.add(points).add(new java.math.BigDecimal("0.01")))) {
            set(content, "/selfEvaluation", "totalScore", total.toPlainString());
            List<Violation> problems = validate(content);
            assertEquals(1, problems.size(), problems.toString());
            assertEquals("$.selfEvaluation.totalScore", problems.get(0).field());
            assertEquals("sum-mismatch", problems.get(0).code());
        }
    }

    @Test
    void aNotApplicableIndicatorNeedsNoScore() {
        ObjectNode content = Fixtures.validContent(DEPT);
        ObjectNode first = (ObjectNode) content.at("/selfEvaluation/scores/0");
        first.remove("score");
        first.put("notApplicable", true);
        assertEquals(List.of(), validate(content));
    }

    @Test
    void balancesMayBeNegativeWhenTheyAddUp() {
        ObjectNode content = Fixtures.validContent(DEPT);
        // spending part of last year's carry-over: the balance of the year is negative
        set(content, "/finance/1/income", "carryOver", "20.00");
        set(content, "/finance/1/income", "publicFiscal", "60.00");
        set(content, "/finance/1/income", "total", "80.00");
        set(content, "/finance/1/expenditure", "balanceOfYear", "-30.00");
        set(content, "/finance/1/expenditure", "accumulatedBalance", "-10.00");
        assertEquals(List.of(), validate(content));
    }

    @Test
    void exactDecimalsDecideSums() {
        ObjectNode content = Fixtures.validContent(DEPT);
        // 0.1 + 0.2 is exactly 0.3 in decimals (not in binary floating point)
        set(content, "/finance/1/threePublic", "reception", "0.10");
        set(content, "/finance/1/threePublic", "vehicleOperation", "0.20");
        set(content, "/finance/1/threePublic", "total", "0.30");
        assertEquals(List.of(), validate(content));
        set(content, "/finance/1/threePublic", "total", "0.3");
        assertEquals(List.of(), validate(content), "0.3 and 0.30 are the same amount");
    }

    private static Arguments rule(String field, String code, Consumer<ObjectNode> breakIt) {
        return Arguments.of(field, code, breakIt);
    }

    private static void set(ObjectNode root, String pointer, String field, String decimal) {
        JsonNode node = root.at(pointer);
        ((ObjectNode) node).put(field, new BigDecimal(decimal));
    }
}
