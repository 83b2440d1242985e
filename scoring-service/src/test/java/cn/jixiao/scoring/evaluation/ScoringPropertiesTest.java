package cn.jixiao.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.EvaluationResult.CategoryResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.rubric.FilingFields;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** Properties every score keeps, whatever the filing says. */
class ScoringPropertiesTest {

    /** Any filing: every numeric field an arbitrary amount (negative ones too), every checklist answer arbitrary. */
    @Provide
    Arbitrary<Map<String, Object>> filings() {
        List<String> fields = FilingFields.all().keySet().stream().filter(f -> !f.startsWith(FilingFields.PRIOR_YEAR)).toList();
        Arbitrary<BigDecimal> amounts = Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("100000")).ofScale(2);
        return Arbitraries.maps(Arbitraries.of(fields), amounts).ofMaxSize(fields.size()).flatMap(numbers ->
                Arbitraries.maps(Arbitraries.of(fields.stream().filter(f -> f.contains("checklist")).toList()), Arbitraries.of(true, false))
                        .map(checks -> {
                            Map<String, Object> all = new HashMap<>();
                            numbers.forEach((k, v) -> all.put(k, k.contains("checklist") ? v.signum() > 0 : v));
                            all.putAll(checks);
                            return all;
                        }));
    }

    @Property(tries = 300)
    void everyScoreStaysWithinZeroAndItsPoints(@ForAll("filings") Map<String, Object> filing) {
        for (var leaf : DefaultRubricRules.DEFAULT.leaves()) {
            IndicatorResult r = DefaultRubricRules.score(leaf.indicator().code(), filing);
            if (r.computedScore() != null) {
                assertTrue(r.computedScore().signum() >= 0, () -> r.code() + " below 0: " + r.computedScore());
                assertTrue(r.computedScore().compareTo(r.points()) <= 0, () -> r.code() + " above points: " + r.computedScore());
            }
            assertTrue(r.finalScore().signum() >= 0 && r.finalScore().compareTo(r.points()) <= 0, () -> r.code() + " final " + r.finalScore());
        }
    }

    @Property(tries = 200)
    void subtotalsAndTotalStayWithinTheirPoints(@ForAll("filings") Map<String, Object> filing,
            @ForAll @BigRange(min = "-50", max = "50") @Scale(2) BigDecimal selfScore) {
        var content = DefaultRubricRules.MAPPER.createObjectNode();
        var scores = content.putObject("selfEvaluation").putArray("scores");
        DefaultRubricRules.DEFAULT.leaves().forEach(l -> scores.addObject().put("indicatorCode", l.indicator().code()).put("score", selfScore));
        EvaluationResult r = ScoringEngine.score(DefaultRubricRules.DEFAULT, new FilingData(content, null, java.util.Optional::empty));
        for (CategoryResult c : r.categories()) {
            assertTrue(c.score().signum() >= 0 && c.score().compareTo(c.points()) <= 0, () -> c.code() + " " + c.score());
        }
        assertTrue(r.totalScore().signum() >= 0 && r.totalScore().compareTo(new BigDecimal("100")) <= 0);
    }

    @Property(tries = 300)
    void aCeilingRateNeverScoresMoreWhenTheRateRises(@ForAll @IntRange(min = 1, max = 5000) int actual,
            @ForAll @IntRange(min = 0, max = 500) int more, @ForAll @IntRange(min = 1, max = 5000) int authorized) {
        BigDecimal lower = staff(actual, authorized);
        BigDecimal higher = staff(actual + more, authorized);
        assertTrue(higher.compareTo(lower) <= 0, () -> actual + "→" + (actual + more) + "/" + authorized + ": " + lower + " then " + higher);
    }

    @Property(tries = 300)
    void aFloorRateNeverScoresLessWhenTheRateRises(@ForAll @BigRange(min = "0", max = "200") @Scale(2) BigDecimal payments,
            @ForAll @BigRange(min = "0", max = "50") @Scale(2) BigDecimal more) {
        BigDecimal lower = card(payments);
        BigDecimal higher = card(payments.add(more));
        assertTrue(higher.compareTo(lower) >= 0, () -> payments + "+" + more + ": " + lower + " then " + higher);
    }

    private static BigDecimal staff(int actual, int authorized) {
        return DefaultRubricRules.score("staff-control-rate",
                Map.of("basicInfo.headcount.actual", actual, "basicInfo.headcount.authorized", authorized)).computedScore();
    }

    private static BigDecimal card(BigDecimal payments) {
        return DefaultRubricRules.score("official-card-rate",
                Map.of("baseData.officialCardPayments", payments, "baseData.officialCardEligibleSpending", "100.00")).computedScore();
    }
}
