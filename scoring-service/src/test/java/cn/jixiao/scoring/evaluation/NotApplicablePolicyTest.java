package cn.jixiao.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricDefinition.NotApplicableKind;
import cn.jixiao.scoring.support.Fixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a not-applicable indicator (无此考核指标) costs under each policy a rubric version may choose. */
class NotApplicablePolicyTest {

    private static EvaluationResult scoreWithOfficialCardNotApplicable(RubricDefinition def) {
        ObjectNode content = Fixtures.validContent("D1");
        for (var s : content.withArray("/selfEvaluation/scores")) {
            if (s.path("indicatorCode").asText().equals("official-card-rate")) {
                ((ObjectNode) s).put("notApplicable", true);
            }
        }
        return ScoringEngine.score(def, new FilingData(content, null, Optional::empty));
    }

    private static IndicatorResult officialCard(EvaluationResult r) {
        return r.indicators().stream().filter(i -> i.code().equals("official-card-rate")).findFirst().orElseThrow();
    }

    private static EvaluationResult baseline() {
        return ScoringEngine.score(DefaultRubricRules.DEFAULT, new FilingData(Fixtures.validContent("D1"), null, Optional::empty));
    }

    @Test
    void theDefaultRubricTakesAFixedPointOff() {
        EvaluationResult r = scoreWithOfficialCardNotApplicable(DefaultRubricRules.DEFAULT);
        IndicatorResult card = officialCard(r);
        assertEquals(0, new BigDecimal("2").compareTo(card.finalScore()));
        assertEquals(EvaluationResult.FinalSource.NOT_APPLICABLE_POLICY, card.finalSource());
        assertTrue(card.notApplicableTreatment().contains("扣 1 分"), card.notApplicableTreatment());
        assertEquals(0, baseline().totalScore().subtract(BigDecimal.ONE).compareTo(r.totalScore()));
    }

    @Test
    void fullPointsAndZero() {
        RubricDefinition full = DefaultRubricRules.withPolicy(DefaultRubricRules.DEFAULT, NotApplicableKind.FULL_POINTS, null);
        assertEquals(0, new BigDecimal("3").compareTo(officialCard(scoreWithOfficialCardNotApplicable(full)).finalScore()));
        RubricDefinition zero = DefaultRubricRules.withPolicy(DefaultRubricRules.DEFAULT, NotApplicableKind.ZERO, null);
        assertEquals(0, BigDecimal.ZERO.compareTo(officialCard(scoreWithOfficialCardNotApplicable(zero)).finalScore()));
    }

    @Test
    void droppingProRatesTheTotalTo100() {
        RubricDefinition drop = DefaultRubricRules.withPolicy(DefaultRubricRules.DEFAULT, NotApplicableKind.DROP_AND_PRORATE, null);
        EvaluationResult r = scoreWithOfficialCardNotApplicable(drop);
        assertEquals(0, new BigDecimal("3.00").compareTo(r.droppedPoints()));
        // the other 97 points' scores, scaled to 100
        BigDecimal others = baseline().totalScore().subtract(new BigDecimal("3"));
        BigDecimal expected = others.multiply(new BigDecimal("100")).divide(new BigDecimal("97"), 2, java.math.RoundingMode.HALF_UP);
        assertEquals(0, expected.compareTo(r.totalScore()), () -> "total " + r.totalScore() + " expected " + expected);
    }
}
