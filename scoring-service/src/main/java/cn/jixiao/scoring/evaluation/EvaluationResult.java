package cn.jixiao.scoring.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The outcome of scoring one filing with one rubric version: every level-3 indicator with its
 * computed, self, review and final score and the explanation, the subtotals, the total and grade.
 */
@Schema(name = "EvaluationResult")
public record EvaluationResult(
        List<IndicatorResult> indicators,
        List<CategoryResult> categories,
        @Schema(description = "Sum of the level-1 scores, pro-rated when the policy drops not-applicable indicators") BigDecimal totalScore,
        @Schema(examples = "良") String grade,
        @Schema(description = "Points of not-applicable indicators dropped under DROP_AND_PRORATE") BigDecimal droppedPoints,
        @Schema(description = "The prior-year filing a formula used, if any") PriorYearRef priorYear) {

    /** Which filing of the year before was used. */
    @Schema(name = "PriorYearRef")
    public record PriorYearRef(UUID filingId, Integer revision, String contentSha256) {
    }

    /** A level-1 or level-2 subtotal. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CategoryResult")
    public record CategoryResult(
            @Schema(examples = "process") String code,
            @Schema(examples = "过程") String name,
            @Schema(examples = "1") int level,
            @Schema(examples = "null") String parentCode,
            @Schema(examples = "40") BigDecimal points,
            @Schema(examples = "36.5") BigDecimal score) {
    }

    /** Where a final score came from. */
    public enum FinalSource { REVIEW, NOT_APPLICABLE_POLICY, COMPUTED, SELF, NONE }

    /** One level-3 indicator, scored. */
    @Schema(name = "IndicatorResult")
    public record IndicatorResult(
            @Schema(examples = "three-public-control-rate") String code,
            @Schema(examples = "三公经费控制率") String name,
            @Schema(examples = "process") String level1Code,
            @Schema(examples = "budget-execution") String level2Code,
            @Schema(examples = "6") BigDecimal points,
            @Schema(examples = "RATE_CEILING") String ruleKind,
            @Schema(description = "The standard's original wording") String standard,
            @Schema(description = "The rule's score; null when expert-scored or not computable", examples = "3.92") BigDecimal computedScore,
            boolean notComputable,
            @Schema(examples = "zero-denominator") String notComputableCode,
            @Schema(examples = "分母为零") String notComputableReason,
            @Schema(description = "The department declared the indicator not applicable (无此考核指标)") boolean notApplicable,
            @Schema(description = "What the not-applicable policy did") String notApplicableTreatment,
            @Schema(examples = "5.5") BigDecimal selfScore,
            String selfDeductionReason,
            @Schema(examples = "4") BigDecimal reviewScore,
            String reviewComment,
            @Schema(examples = "4") BigDecimal finalScore,
            FinalSource finalSource,
            @Schema(description = "Self-score above the computed score (自评虚高)") boolean overScored,
            Explanation explanation) {

        IndicatorResult withFinal(BigDecimal finalScore, FinalSource source, String treatment, boolean overScored) {
            return new IndicatorResult(code, name, level1Code, level2Code, points, ruleKind, standard, computedScore,
                    notComputable, notComputableCode, notComputableReason, notApplicable, treatment, selfScore,
                    selfDeductionReason, reviewScore, reviewComment, finalScore, source, overScored, explanation);
        }

        public IndicatorResult withReview(BigDecimal score, String comment) {
            return new IndicatorResult(code, name, level1Code, level2Code, points, ruleKind, standard, computedScore,
                    notComputable, notComputableCode, notComputableReason, notApplicable, notApplicableTreatment, selfScore,
                    selfDeductionReason, score, comment, finalScore, finalSource, overScored, explanation);
        }
    }

    /** How a score came about: the inputs with their values, the rule, the arithmetic, the result. */
    @Schema(name = "Explanation")
    public record Explanation(
            List<Input> inputs,
            @Schema(examples = "三公经费控制率 ≤ 100% 得 6 分；每超过 1 个百分点扣 1 分") String rule,
            @Schema(examples = "4.90 / 4.80 * 100 = 102.0833333333；6 − (102.0833333333 − 100) × 1 = 3.9166666667") String arithmetic,
            @Schema(examples = "计算得分 3.92") String result) {
    }

    /** One input of a formula. */
    @Schema(name = "ExplanationInput")
    public record Input(
            @Schema(examples = "financeTotals.threePublic.total") String field,
            @Schema(examples = "三公经费合计（汇总）") String label,
            @Schema(examples = "4.90", description = "The value read from the filing: a number, true/false, or null when the filing lacks it") Object value) {
    }
}
