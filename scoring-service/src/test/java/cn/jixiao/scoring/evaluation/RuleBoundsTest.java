package cn.jixiao.scoring.evaluation;

import static cn.jixiao.scoring.evaluation.DefaultRubricRules.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the default rubric on both sides of every bound. The standard's words decide
 * whether a bound is inclusive: "≤100%" keeps 100 in, "(0,10]" keeps 10 in and 0 out, "80–90
 * (lower bound inclusive)" keeps 80 in and 90 out.
 */
class RuleBoundsTest {

    private static void assertScore(String expected, IndicatorResult r) {
        assertFalse(r.notComputable(), () -> r.code() + " not computable: " + r.notComputableReason());
        assertEquals(0, new BigDecimal(expected).compareTo(r.computedScore()),
                () -> r.code() + " expected " + expected + " but was " + r.computedScore() + " (" + r.explanation().arithmetic() + ")");
    }

    @ParameterizedTest(name = "staff {0}/1000 → {1}")
    @CsvSource({"900, 5", "1000, 5", "1005, 4.75", "1010, 4.5", "1001, 4.95", "1099, 0.05", "1100, 0", "1200, 0"})
    void staffControlRateIsFullUpTo100PercentThenHalfAPointPerPointOver(int actual, String expected) {
        assertScore(expected, score("staff-control-rate", Map.of("basicInfo.headcount.actual", actual, "basicInfo.headcount.authorized", 1000)));
    }

    @ParameterizedTest(name = "three-public {0} vs {1} → {2}")
    @CsvSource({"9.00, 10.00, 5", "10.00, 10.00, 5", "10.05, 10.00, 4.75", "10.10, 10.00, 4.5", "11.00, 10.00, 0", "12.00, 10.00, 0"})
    void threePublicChangeRateIsFullAtOrBelowZero(String thisYear, String lastYear, String expected) {
        assertScore(expected, score("three-public-change-rate",
                Map.of("financeTotals.threePublic.total", thisYear, "baseData.lastYearThreePublicTotal", lastYear)));
    }

    @Test
    void threePublicChangeRateFallsBackToLastYearsFiling() {
        IndicatorResult r = score("three-public-change-rate",
                Map.of("financeTotals.threePublic.total", "10.10", "priorYear.financeTotals.threePublic.total", "10.00"));
        assertScore("4.5", r);
        assertTrue(r.explanation().inputs().stream().anyMatch(i -> i.field().equals("priorYear.financeTotals.threePublic.total")));
    }

    @Test
    void threePublicChangeRateWithoutAnyLastYearFigureIsNotComputable() {
        IndicatorResult r = score("three-public-change-rate", Map.of("financeTotals.threePublic.total", "10.10"));
        assertTrue(r.notComputable());
        assertEquals("missing-data", r.notComputableCode());
        assertNull(r.computedScore());
    }

    @ParameterizedTest(name = "key {0}/100 → {1}")
    @CsvSource({"100.00, 5", "90.00, 5", "89.99, 4", "80.00, 4", "79.99, 3", "70.00, 3", "69.99, 2", "60.00, 2", "59.99, 0", "0.00, 0"})
    void keyExpenditureRateBandsIncludeTheirLowerBound(String key, String expected) {
        assertScore(expected, score("key-expenditure-rate",
                Map.of("baseData.keyProjectExpenditure", key, "financeTotals.expenditure.project", "100.00")));
    }

    @Test
    void keyExpenditureRateWithoutProjectExpenditureIsNotComputable() {
        IndicatorResult r = score("key-expenditure-rate",
                Map.of("baseData.keyProjectExpenditure", "0.00", "financeTotals.expenditure.project", "0.00"));
        assertTrue(r.notComputable());
        assertEquals("zero-denominator", r.notComputableCode());
        assertTrue(r.notComputableReason().contains("分母为零"), r.notComputableReason());
    }

    @ParameterizedTest(name = "adjustment {0}/100.00 → {1}")
    @CsvSource({"0.00, 3", "0.01, 2", "10.00, 2", "10.01, 1", "20.00, 1", "20.01, 0.5", "30.00, 0.5", "30.01, 0", "-10.00, 2"})
    void budgetAdjustmentRateBandsIncludeTheirUpperBound(String adjustment, String expected) {
        // 10.00 ÷ 100.00 is exactly 10%, inside (0,10]
        assertScore(expected, score("budget-adjustment-rate",
                Map.of("baseData.budgetAdjustment", adjustment, "baseData.initialBudget", "100.00")));
    }

    @ParameterizedTest(name = "late funds {0} → {1}")
    @CsvSource({"0, 3", "1, 2.5", "5, 0.5", "6, 0", "7, 0"})
    void paymentProgressLosesHalfAPointPerLateFund(int late, String expected) {
        assertScore(expected, score("payment-progress", Map.of("baseData.lateSpecialFunds", late)));
    }

    @ParameterizedTest(name = "balance {0}, carry-over {1} → {2}")
    @CsvSource({"0.00, 12.50, 3", "-0.01, 12.50, 3", "0.01, 12.50, 2", "12.50, 12.50, 2", "12.51, 12.50, 0", "29.25, 12.50, 0"})
    void fundBalanceComparesYearEndBalanceWithCarryOver(String balance, String carryOver, String expected) {
        assertScore(expected, score("fund-balance",
                Map.of("financeTotals.expenditure.accumulatedBalance", balance, "financeTotals.income.carryOver", carryOver)));
    }

    @ParameterizedTest(name = "three-public {0}/{1} → {2}")
    @CsvSource({"4.80, 4.80, 6", "4.00, 4.80, 6", "100.50, 100.00, 5.5", "101.00, 100.00, 5", "106.00, 100.00, 0", "4.90, 4.80, 3.92"})
    void threePublicControlRateLosesAPointPerPointOver(String actual, String control, String expected) {
        assertScore(expected, score("three-public-control-rate",
                Map.of("financeTotals.threePublic.total", actual, "baseData.threePublicControlFigure", control)));
    }

    @ParameterizedTest(name = "management rules {0} {1} {2} → {3}")
    @CsvSource({"true, true, true, 3", "true, true, false, 2", "true, false, false, 1", "false, false, false, 0", "false, true, true, 2"})
    void managementRulesScoreAPointPerItem(boolean exist, boolean lawful, boolean enforced, String expected) {
        assertScore(expected, score("management-rules", Map.of("baseData.checklist.budgetRulesExist", exist,
                "baseData.checklist.budgetRulesLawful", lawful, "baseData.checklist.budgetRulesEnforced", enforced)));
    }

    @Test
    void aChecklistWithAnUnansweredItemIsNotComputable() {
        IndicatorResult r = score("management-rules", Map.of("baseData.checklist.budgetRulesExist", true));
        assertTrue(r.notComputable());
        assertTrue(r.notComputableReason().contains("baseData.checklist.budgetRulesLawful"), r.notComputableReason());
    }

    @ParameterizedTest(name = "violations {0} → {1}")
    @CsvSource({"0, 3", "1, 2", "3, 0", "4, 0"})
    void fundComplianceLosesAPointPerViolation(int violations, String expected) {
        assertScore(expected, score("fund-compliance", Map.of("baseData.fundUseViolations", violations)));
    }

    @ParameterizedTest(name = "disclosure {0} {1} {2} {3} {4} → {5}")
    @CsvSource({"true, true, true, true, true, 3", "true, false, false, false, false, 1", "false, true, true, true, true, 2",
            "false, false, false, false, false, 0", "true, true, false, true, false, 2"})
    void disclosureChecklistWeighsContentOnePointAndTheRestHalf(boolean content, boolean onTime, boolean authentic, boolean complete,
            boolean accurate, String expected) {
        String c = "baseData.checklist.";
        assertScore(expected, score("disclosure", Map.of(c + "disclosureContent", content, c + "disclosureOnTime", onTime,
                c + "disclosureAuthentic", authentic, c + "disclosureComplete", complete, c + "disclosureAccurate", accurate)));
    }

    @ParameterizedTest(name = "procurement {0}/100 → {1}")
    @CsvSource({"120.00, 3", "100.00, 3", "99.50, 2.9", "99.00, 2.8", "90.00, 1", "85.00, 0", "80.00, 0"})
    void procurementExecutionRateLosesAFifthPerPointBelow100(String actual, String expected) {
        assertScore(expected, score("procurement-execution-rate",
                Map.of("baseData.procurementActual", actual, "baseData.procurementBudget", "100.00")));
    }

    @ParameterizedTest(name = "official card {0}/100 → {1}")
    @CsvSource({"80.00, 3", "50.00, 3", "49.50, 2.9", "49.00, 2.8", "35.00, 0", "0.00, 0"})
    void officialCardRateIsFullFrom50Percent(String payments, String expected) {
        assertScore(expected, score("official-card-rate",
                Map.of("baseData.officialCardPayments", payments, "baseData.officialCardEligibleSpending", "100.00")));
    }

    @ParameterizedTest(name = "asset rules {0} {1} → {2}")
    @CsvSource({"true, true, 3", "true, false, 2", "false, true, 1", "false, false, 0"})
    void assetRulesWeighExistenceTwoAndEnforcementOne(boolean existLawful, boolean enforced, String expected) {
        assertScore(expected, score("asset-rules", Map.of("baseData.checklist.assetRulesExistLawful", existLawful,
                "baseData.checklist.assetRulesEnforced", enforced)));
    }

    @ParameterizedTest(name = "asset violations {0} → {1}")
    @CsvSource({"0, 4", "1, 3", "4, 0", "5, 0"})
    void assetSafetyLosesAPointPerViolation(int violations, String expected) {
        assertScore(expected, score("asset-safety", Map.of("baseData.assetViolations", violations)));
    }

    @ParameterizedTest(name = "in use {0}/100 → {1}")
    @CsvSource({"100.00, 3", "99.00, 2.9", "99.50, 2.95", "96.36, 2.64", "70.00, 0", "0.00, 0"})
    void fixedAssetUtilizationLosesATenthPerPointBelow100(String inUse, String expected) {
        assertScore(expected, score("fixed-asset-utilization",
                Map.of("financeTotals.fixedAssets.inUse", inUse, "financeTotals.fixedAssets.total", "100.00")));
    }

    @ParameterizedTest(name = "satisfaction {0} → {1}")
    @CsvSource({"100.00, 5", "95.00, 5", "94.99, 3", "85.00, 3", "84.99, 1", "75.00, 1", "74.99, 0", "0.00, 0"})
    void satisfactionBandsIncludeTheirLowerBound(String rate, String expected) {
        assertScore(expected, score("satisfaction", Map.of("baseData.satisfactionRate", rate)));
    }

    @Test
    void expertScoredIndicatorsHaveNoComputedScoreAndAreNotFlaggedNotComputable() {
        for (String code : new String[] {"output-xiaokang", "output-growth-pole", "output-work-report", "output-livelihood",
                "output-key-projects", "output-other", "effect-economic", "effect-social", "effect-ecological"}) {
            IndicatorResult r = score(code, Map.of());
            assertNull(r.computedScore(), code);
            assertFalse(r.notComputable(), code);
            assertEquals("EXPERT", r.ruleKind(), code);
        }
    }

    @ParameterizedTest(name = "whole points only: staff {0}/1000 → {1}")
    @CsvSource({"1000, 5", "1005, 5", "1010, 4.5", "1019, 4.5", "1020, 4"})
    void wholePointsOnlyCountsOnlyCompletedPercentagePoints(int actual, String expected) {
        assertScore(expected, DefaultRubricRules.score(DefaultRubricRules.withWholePointsOnly(DefaultRubricRules.DEFAULT), "staff-control-rate",
                Map.of("basicInfo.headcount.actual", actual, "basicInfo.headcount.authorized", 1000)));
    }

    @Test
    void everyComputedScoreExplainsItsInputsRuleAndArithmetic() {
        IndicatorResult r = score("three-public-control-rate",
                Map.of("financeTotals.threePublic.total", "4.90", "baseData.threePublicControlFigure", "4.80"));
        assertEquals(2, r.explanation().inputs().size());
        assertTrue(r.explanation().rule().contains("100%"), r.explanation().rule());
        assertTrue(r.explanation().arithmetic().startsWith("4.90 / 4.80 * 100 = 102.0833333333"), r.explanation().arithmetic());
        assertTrue(r.explanation().result().contains("3.92"), r.explanation().result());
    }
}
