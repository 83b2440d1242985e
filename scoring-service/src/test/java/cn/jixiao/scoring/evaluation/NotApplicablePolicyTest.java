package cn.jixiao.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // reporting is told the 0 is no score: it must not count 3 points lost
        assertTrue(EvaluationService.dropped(r, officialCard(r)));
        assertFalse(r.indicators().stream().filter(i -> !i.code().equals("official-card-rate")).anyMatch(i -> EvaluationService.dropped(r, i)));
        EvaluationResult fixed = scoreWithOfficialCardNotApplicable(DefaultRubricRules.DEFAULT);
        assertFalse(EvaluationService.dropped(fixed, officialCard(fixed)));
    }

    @Test
    void aReviewScoreOnANotApplicableIndicatorStandsUnderEveryPolicy() {
        // the filer alone declares 无此考核指标; the reviewer's score is what overrules it
        BigDecimal review = new BigDecimal("0.5");
        EvaluationResult declared = scoreWithOfficialCardNotApplicable(DefaultRubricRules.DEFAULT);
        EvaluationResult reviewed = ScoringEngine.finish(DefaultRubricRules.DEFAULT, withCardReviewed(declared, review), declared.priorYear());
        IndicatorResult card = officialCard(reviewed);
        assertEquals(0, review.compareTo(card.finalScore()));
        assertEquals(EvaluationResult.FinalSource.REVIEW, card.finalSource());
        assertTrue(card.notApplicable());
        assertTrue(card.notApplicableTreatment().contains("已由复核得分取代"), card.notApplicableTreatment());
        assertEquals(0, declared.totalScore().subtract(new BigDecimal("1.5")).compareTo(reviewed.totalScore()));

        // dropping and pro-rating: a reviewed indicator is scored, not dropped
        RubricDefinition drop = DefaultRubricRules.withPolicy(DefaultRubricRules.DEFAULT, NotApplicableKind.DROP_AND_PRORATE, null);
        EvaluationResult dropped = scoreWithOfficialCardNotApplicable(drop);
        EvaluationResult kept = ScoringEngine.finish(drop, withCardReviewed(dropped, review), dropped.priorYear());
        assertTrue(kept.droppedPoints() == null || kept.droppedPoints().signum() == 0, () -> "dropped " + kept.droppedPoints());
        assertFalse(EvaluationService.dropped(kept, officialCard(kept)));
        BigDecimal expected = baseline().totalScore().subtract(officialCard(baseline()).finalScore()).add(review);
        assertEquals(0, expected.compareTo(kept.totalScore()), () -> "total " + kept.totalScore() + " expected " + expected);
    }

    private static java.util.List<IndicatorResult> withCardReviewed(EvaluationResult r, BigDecimal score) {
        return r.indicators().stream()
                .map(i -> i.code().equals("official-card-rate") ? i.withReview(score, "应使用公务卡结算而未使用") : i).toList();
    }
}
