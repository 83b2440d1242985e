package cn.jixiao.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricValidator;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule kinds as another province's rubric might use them: open-ended bands with exclusive
 * bounds, conditions with a fallback score, and what happens when nothing matches.
 */
class RuleKindsTest {

    static final String RUBRIC = """
            {"name":"某省评分表","notApplicablePolicy":{"kind":"ZERO"},
             "gradeBands":[{"grade":"优","min":85},{"grade":"良","min":70},{"grade":"中","min":60},{"grade":"差","min":0}],
             "rounding":{"scale":1,"mode":"HALF_UP"},
             "indicators":[{"code":"all","name":"全部","level":1,"points":10,"children":[{"code":"group","name":"组","level":2,"points":10,"children":[
               {"code":"gap-bands","name":"分段（有缺口）","level":3,"points":4,"rule":{"kind":"BANDS","formula":"baseData.satisfactionRate",
                 "bands":[{"min":90,"minInclusive":false,"score":4},{"max":80,"maxInclusive":true,"score":1}]}},
               {"code":"conditions","name":"条件","level":3,"points":3,"rule":{"kind":"CONDITIONS","conditions":[
                 {"label":"超预算","when":"baseData.procurementActual > baseData.procurementBudget","score":0},
                 {"label":"足额","when":"baseData.procurementActual == baseData.procurementBudget","score":3}],"otherwise":1.5}},
               {"code":"strict-conditions","name":"条件（无兜底）","level":3,"points":3,"rule":{"kind":"CONDITIONS","conditions":[
                 {"when":"baseData.lateSpecialFunds == 0","score":3}]}}
             ]}]}]}
            """;

    static RubricDefinition rubric() throws Exception {
        return DefaultRubricRules.MAPPER.readValue(RUBRIC, RubricDefinition.class);
    }

    /**
     * Valid but for the gap between its bands (a value there fits no band) and its total of 10,
     * which a draft may no longer have: versions published before those rules still score as they
     * did (the recorded results guard it), the gap as not computable.
     */
    @Test
    void theVariantRubricIsValidButForItsGapAndItsTotal() throws Exception {
        var problems = RubricValidator.forPublish(rubric());
        assertEquals(java.util.List.of("band-gap", "total-not-100"), problems.stream().map(p -> p.code()).toList(), problems::toString);
        assertEquals("$.indicators[0].children[0].children[0].rule.bands", problems.get(0).field());
    }

    @Test
    void bandsWithExclusiveBoundsAndAGap() throws Exception {
        RubricDefinition r = rubric();
        assertEquals(0, new BigDecimal("4").compareTo(score(r, "gap-bands", Map.of("baseData.satisfactionRate", "90.01")).computedScore()));
        assertEquals(0, BigDecimal.ONE.compareTo(score(r, "gap-bands", Map.of("baseData.satisfactionRate", "80.00")).computedScore()));
        IndicatorResult gap = score(r, "gap-bands", Map.of("baseData.satisfactionRate", "90.00"));
        assertTrue(gap.notComputable());
        assertEquals("no-band", gap.notComputableCode());
        assertNull(gap.computedScore());
    }

    @Test
    void theFirstConditionThatHoldsWinsElseTheFallback() throws Exception {
        RubricDefinition r = rubric();
        assertEquals(0, BigDecimal.ZERO.compareTo(score(r, "conditions",
                Map.of("baseData.procurementActual", "10.01", "baseData.procurementBudget", "10.00")).computedScore()));
        assertEquals(0, new BigDecimal("3").compareTo(score(r, "conditions",
                Map.of("baseData.procurementActual", "10.00", "baseData.procurementBudget", "10")).computedScore()));
        IndicatorResult fallback = score(r, "conditions", Map.of("baseData.procurementActual", "9.00", "baseData.procurementBudget", "10.00"));
        assertEquals(0, new BigDecimal("1.5").compareTo(fallback.computedScore()));
        assertTrue(fallback.explanation().arithmetic().contains("各条件均不成立"));
    }

    @Test
    void withoutAFallbackNoMatchingConditionIsNotComputable() throws Exception {
        IndicatorResult r = score(rubric(), "strict-conditions", Map.of("baseData.lateSpecialFunds", 2));
        assertTrue(r.notComputable());
        assertEquals("no-condition-matched", r.notComputableCode());
        assertFalse(score(rubric(), "strict-conditions", Map.of("baseData.lateSpecialFunds", 0)).notComputable());
    }

    @Test
    void theVersionsRoundingAndGradesApply() throws Exception {
        RubricDefinition r = rubric();
        var content = DefaultRubricRules.MAPPER.createObjectNode();
        content.putObject("baseData").put("satisfactionRate", new BigDecimal("95")).put("procurementActual", new BigDecimal("9"))
                .put("procurementBudget", new BigDecimal("10")).put("lateSpecialFunds", 0);
        EvaluationResult result = ScoringEngine.score(r, new FilingData(content, null, java.util.Optional::empty));
        // 4 + 1.5 + 3 = 8.5 of 10, at one decimal place; the grade bands are the version's own
        assertEquals("8.5", result.totalScore().toPlainString());
        assertEquals("差", result.grade());
    }

    private static IndicatorResult score(RubricDefinition r, String code, Map<String, Object> fields) {
        return DefaultRubricRules.score(r, code, fields);
    }
}
