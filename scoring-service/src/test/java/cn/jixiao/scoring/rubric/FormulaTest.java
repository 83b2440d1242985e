package cn.jixiao.scoring.rubric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormulaTest {

    @Test
    void tenOfAHundredIsExactlyTenPercent() {
        Formula f = Formula.parse("baseData.budgetAdjustment / baseData.initialBudget * 100");
        Map<String, Object> values = Map.of("baseData.budgetAdjustment", new BigDecimal("10.00"), "baseData.initialBudget", new BigDecimal("100.00"));
        BigDecimal rate = f.evaluate(p -> Optional.ofNullable(values.get(p))).number();
        assertEquals(0, new BigDecimal("10").compareTo(rate), rate.toPlainString());
    }

    /**
     * What BigDecimal refuses inside EvalEx (a literal beyond its exponent range, the NaN of a
     * negative number to a fractional power) and results no filing's figure could be were a 500 for
     * every filing scored under such a rubric; each is now "not computable", saying why.
     */
    @Test
    void aFormulaThatCannotBeComputedIsNotComputableNeverAFailure() {
        Map<String, Object> values = Map.of("baseData.lateSpecialFunds", new BigDecimal("2"),
                "financeTotals.expenditure.balanceOfYear", new BigDecimal("-4.00"));
        for (String text : java.util.List.of("baseData.lateSpecialFunds * 1e10000000000", "financeTotals.expenditure.balanceOfYear ^ 0.5",
                "10 ^ 999999 * baseData.lateSpecialFunds", "baseData.lateSpecialFunds / 1e999999")) {
            Formula.Outcome o = Formula.parse(text).evaluate(p -> Optional.ofNullable(values.get(p)));
            assertTrue(!o.computable(), text + " gave " + o.value());
            assertTrue(o.notComputableReason() != null && !o.notComputableReason().isBlank(), text);
        }
    }

    /** A draft is refused what would misbehave at scoring: functions outside the list, numbers beyond a filing's, wrong result kinds. */
    @Test
    void authoringRefusesFunctionsAndNumbersNoScoringShouldMeet() {
        assertEquals("RANDOM", Formula.parse("RANDOM() < 0.5").authoringProblem().field);
        assertEquals("FACT", Formula.parse("FACT(baseData.lateSpecialFunds)").authoringProblem().field);
        assertEquals("1e10000000000", Formula.parse("baseData.lateSpecialFunds * 1e10000000000").authoringProblem().field);
        assertEquals(null, Formula.parse("ABS(baseData.budgetAdjustment) / MAX(baseData.initialBudget, 1) * 100").authoringProblem());
        assertEquals(Formula.ResultType.NUMBER, Formula.parse("baseData.fundUseViolations").resultType());
        assertEquals(Formula.ResultType.YES_NO, Formula.parse("baseData.checklist.budgetRulesExist").resultType());
        assertEquals(Formula.ResultType.YES_NO, Formula.parse("financeTotals.expenditure.accumulatedBalance <= 0").resultType());
        assertEquals(Formula.ResultType.NUMBER, Formula.parse("-baseData.initialBudget + 1").resultType());
        assertEquals(Formula.ResultType.YES_NO, Formula.parse("NOT(baseData.checklist.budgetRulesExist)").resultType());
    }

    @Test
    void anUnknownFieldIsNamed() {
        FormulaException e = assertThrows(FormulaException.class, () -> Formula.parse("baseData.initialBudgett * 2"));
        assertEquals(FormulaException.Kind.UNKNOWN_FIELD, e.kind);
        assertEquals("baseData.initialBudgett", e.field);
    }

    @Test
    void badSyntaxIsRefused() {
        assertEquals(FormulaException.Kind.SYNTAX, assertThrows(FormulaException.class,
                () -> Formula.parse("(baseData.initialBudget * 2")).kind);
        assertEquals(FormulaException.Kind.SYNTAX, assertThrows(FormulaException.class, () -> Formula.parse(" ")).kind);
    }

    @Test
    void functionsAndConstantsAreNotFields() {
        Formula f = Formula.parse("ABS(baseData.budgetAdjustment) > 0 && TRUE");
        assertEquals(java.util.List.of("baseData.budgetAdjustment"), f.fields());
    }

    @Test
    void aMissingFieldMakesTheResultNotComputable() {
        Formula.Outcome o = Formula.parse("baseData.procurementActual / baseData.procurementBudget * 100")
                .evaluate(p -> p.equals("baseData.procurementActual") ? Optional.of(BigDecimal.ONE) : Optional.empty());
        assertEquals("missing-data", o.notComputableCode());
        assertTrue(o.notComputableReason().contains("baseData.procurementBudget"));
    }

    @Test
    void formulasSharingAScopeEvaluateAsEachDoesAlone() {
        Formula rate = Formula.parse("ABS(baseData.budgetAdjustment) / baseData.initialBudget * 100");
        Formula check = Formula.parse("baseData.initialBudget > 250 && baseData.checklist.budgetRulesExist");
        Formula zero = Formula.parse("baseData.budgetAdjustment / (baseData.initialBudget - 300)");
        Map<String, Object> first = Map.of("baseData.budgetAdjustment", new BigDecimal("-12.50"), "baseData.initialBudget",
                new BigDecimal("300.00"), "baseData.checklist.budgetRulesExist", true);
        Map<String, Object> second = Map.of("baseData.budgetAdjustment", new BigDecimal("7"), "baseData.initialBudget",
                new BigDecimal("200"), "baseData.checklist.budgetRulesExist", false);
        Formula.Scope scope = new Formula.Scope();
        for (Map<String, Object> values : java.util.List.of(first, second, first)) {
            for (Formula f : java.util.List.of(rate, check, zero)) {
                Formula.Outcome alone = f.evaluate(p -> Optional.ofNullable(values.get(p)));
                Formula.Outcome shared = f.evaluate(p -> Optional.ofNullable(values.get(p)), scope);
                assertEquals(alone, shared, f.text() + " with " + values);
            }
        }
        assertEquals("ABS((-12.50)) / 300.00 * 100", rate.evaluate(p -> Optional.ofNullable(first.get(p)), scope).arithmetic());
        assertEquals("zero-denominator", zero.evaluate(p -> Optional.ofNullable(first.get(p)), scope).notComputableCode());
    }

    /** What EvalEx says in English is said in the explanation's Chinese, with the arithmetic that failed. */
    @Test
    void aFormulaWithoutAResultSaysWhyInChinese() {
        Map<String, Object> values = Map.of("baseData.budgetAdjustment", new BigDecimal("-12.50"), "baseData.checklist.budgetRulesExist", true);
        Formula.Outcome root = Formula.parse("SQRT(baseData.budgetAdjustment)").evaluate(p -> Optional.ofNullable(values.get(p)));
        assertEquals("evaluation-error", root.notComputableCode());
        assertEquals("公式无法计算：SQRT((-12.50))，参数不能为负数（如负数开平方）", root.notComputableReason());
        // EvalEx's other words, driven through it: should it reword them, these fall to the generic reason
        Map<String, Object> more = Map.of("baseData.initialBudget", new BigDecimal("300"), "baseData.checklist.budgetRulesExist", true);
        assertEquals("公式无法计算：300 ^ 999999999，数字超出可计算的范围",
                Formula.parse("baseData.initialBudget ^ 999999999").evaluate(p -> Optional.ofNullable(more.get(p))).notComputableReason());
        assertEquals("公式无法计算：true * 2，数据类型不能参与此运算（如把是/否当作数字）",
                Formula.parse("baseData.checklist.budgetRulesExist * 2").evaluate(p -> Optional.ofNullable(more.get(p))).notComputableReason());
        assertEquals("运算没有有效结果", Formula.why("something EvalEx may say one day"));
    }
}
