package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.evaluation.EvaluationResult.CategoryResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.PriorYearRef;
import cn.jixiao.scoring.problem.Problem;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request and response bodies of the evaluation API, and the message sent to reporting. */
public final class EvaluationApi {

    private EvaluationApi() {
    }

    /**
     * Score a stored filing. submission-service posts its whole "FilingSubmitted" message here,
     * so properties this request does not name are ignored.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "EvaluationRequest", description = "Also accepts the FilingSubmitted message of submission-service as it is; other properties are ignored")
    public record EvaluationRequest(
            @NotNull @Schema(examples = "6c0e3f7a-2f7e-4d7e-9e55-0d1b7b2f9a10") UUID filingId,
            @Min(1) @Schema(description = "Default: the latest submitted revision", examples = "1") Integer revision,
            @Size(max = 64) @Schema(description = "Default: the cycle's rubric", examples = "department-overall") String rubricCode,
            @Min(1) @Schema(description = "Default: the cycle's version for the cycle's rubric, else the latest published", examples = "1") Integer rubricVersion,
            @Schema(description = "The id of the message that asked for this evaluation, kept for tracing") UUID messageId) {
    }

    /**
     * One "FilingSubmitted" message as submission-service's outbox delivers it in a batch. When it
     * carries the submitted content (submission-service writes it into the message in the submit
     * transaction), scoring needs nothing more from submission-service; an older message without
     * content is scored as {@link EvaluationRequest} is, reading the filing back.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "SubmittedFiling", description = "A FilingSubmitted message; rubricCode/rubricVersion are the cycle's, so the evaluation is official")
    public record SubmittedFiling(
            @Schema(description = "Idempotency and tracing: the outbox message id") UUID messageId,
            @Schema(examples = "6c0e3f7a-2f7e-4d7e-9e55-0d1b7b2f9a10") UUID filingId,
            @Schema(examples = "1") Integer revision,
            @Schema(examples = "department-overall") String rubricCode,
            @Schema(examples = "1") Integer rubricVersion,
            @Schema(examples = "7") Long cycleId,
            @Schema(examples = "D001") String departmentCode,
            @Schema(examples = "2023") Integer fiscalYear,
            String contentSha256,
            @Schema(description = "The department's name when submitted") String departmentName,
            @Schema(description = "The department's group (部门分组) when submitted") String departmentGroup,
            @Schema(description = "The submitted revision's content, exactly as frozen; absent in older messages") JsonNode content,
            @Schema(description = "Department totals of that content") JsonNode financeTotals,
            @Schema(description = "Whether priorYear was looked up; false or absent: scoring looks it up itself") Boolean priorYearIncluded,
            @Schema(description = "The department's filing of the year before at its latest submitted revision; null when it has none") PriorYearFiling priorYear,
            @Schema(description = "The id of the request that submitted the filing") String requestId) {
    }

    /** Last year's filing, carried in a {@link SubmittedFiling}. */
    @Schema(name = "PriorYearFiling")
    public record PriorYearFiling(UUID filingId, Integer revision, String contentSha256,
            JsonNode content, JsonNode financeTotals) {
    }

    /** A batch of FilingSubmitted messages; each is scored and answered on its own. */
    @Schema(name = "SubmittedFilings")
    public record SubmittedFilings(@NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull SubmittedFiling> messages) {
    }

    public static final int MAX_BATCH = 100;

    /** What became of one message of a batch: 201 scored, 200 already scored, 4xx refused for good, 503 retry later, 500 failed here (retry later). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "DeliveryOutcome")
    public record DeliveryOutcome(UUID messageId, UUID filingId,
            @Schema(examples = "201") int status,
            UUID evaluationId,
            @Schema(description = "Why the message was refused (4xx) or must be retried (503; 500 for a failure of ours, with an incident id)") Problem problem) {
    }

    /** One outcome per message, in the order sent. */
    @Schema(name = "DeliveryReceipt")
    public record DeliveryReceipt(List<DeliveryOutcome> outcomes) {
    }

    /**
     * A reviewer's score for one indicator; an explicit null withdraws the review score. The score
     * must be given (null or a number): a body with only a comment withdrew the score without a word.
     */
    @Schema(name = "ReviewScoreInput", requiredProperties = {"indicatorCode", "score"})
    public record ReviewScoreInput(
            @NotBlank @Schema(examples = "three-public-control-rate") String indicatorCode,
            @JsonProperty(required = true) @Schema(examples = "4.5", nullable = true,
                    description = "Between 0 and the indicator's points, at no more places than the rubric rounds scores to; null withdraws the review score")
            BigDecimal score,
            @Size(max = 4000) @Schema(examples = "三公经费超控制数，核减") String comment) {
    }

    /** The department's finance totals (万元). */
    @Schema(name = "EvaluationFinance")
    public record Finance(
            @Schema(examples = "350.40") BigDecimal incomeTotal,
            @Schema(examples = "321.15") BigDecimal expenditureTotal,
            @Schema(examples = "281.15") BigDecimal basicExpenditure,
            @Schema(examples = "40.00") BigDecimal projectExpenditure,
            @Schema(examples = "16.75") BigDecimal balanceOfYear,
            @Schema(examples = "29.25") BigDecimal accumulatedBalance,
            @Schema(examples = "4.90") BigDecimal threePublicTotal,
            @Schema(examples = "550.00") BigDecimal fixedAssetsTotal) {
    }

    /** One indicator as reporting reads it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "EvaluationIndicator")
    public record IndicatorRecord(
            @Schema(examples = "three-public-control-rate") String code,
            @Schema(examples = "三公经费控制率") String name,
            @Schema(examples = "process") String level1Code,
            @Schema(examples = "budget-execution") String level2Code,
            @Schema(examples = "6.00") BigDecimal points,
            @Schema(examples = "3.92") BigDecimal computedScore,
            @Schema(examples = "5.50") BigDecimal selfScore,
            @Schema(examples = "null") BigDecimal reviewScore,
            @Schema(examples = "3.92") BigDecimal finalScore,
            boolean notComputable,
            boolean notApplicable,
            boolean overScored,
            @Schema(description = "Not applicable, and dropped by the rubric version's policy (the total pro-rated to 100): its final score of 0 is no score, not points lost")
            boolean dropped) {
    }

    /**
     * An evaluation as reporting reads it: the body of the "EvaluationCompleted" message (which
     * adds messageId and type) and the items of the list.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "EvaluationRecord")
    public record EvaluationRecord(
            UUID evaluationId,
            @Schema(description = "Increments on every change of the evaluation", examples = "1") long evaluationVersion,
            @Schema(description = "Scored with the rubric version bound to the filing's cycle") boolean official,
            UUID filingId,
            @Schema(examples = "1") int filingRevision,
            String filingSha256,
            @Schema(examples = "D001") String departmentCode,
            @Schema(examples = "县教育局") String departmentName,
            @Schema(examples = "教科文卫") String departmentGroup,
            @Schema(examples = "2020") int fiscalYear,
            @Schema(examples = "1") long cycleId,
            @Schema(examples = "department-overall") String rubricCode,
            @Schema(examples = "1") int rubricVersion,
            String rubricHash,
            OffsetDateTime evaluatedAt,
            @Schema(examples = "86.42") BigDecimal totalScore,
            @Schema(examples = "99.50") BigDecimal selfTotalScore,
            @Schema(examples = "良") String grade,
            List<CategoryResult> categories,
            List<IndicatorRecord> indicators,
            Finance finance) {
    }

    @Schema(name = "EvaluationPage")
    public record EvaluationPage(List<EvaluationRecord> items, int page, int size, long totalItems, int totalPages) {
    }

    /** An evaluation with its full breakdown: every indicator with its explanation. */
    @Schema(name = "Evaluation")
    public record EvaluationView(
            UUID id,
            @Schema(description = "Same value as the ETag header", examples = "1") long evaluationVersion,
            boolean official,
            UUID filingId,
            int filingRevision,
            String filingSha256,
            String departmentCode,
            String departmentName,
            String departmentGroup,
            int fiscalYear,
            long cycleId,
            String rubricCode,
            int rubricVersion,
            String rubricHash,
            OffsetDateTime evaluatedAt,
            OffsetDateTime updatedAt,
            @Schema(examples = "86.42") BigDecimal totalScore,
            BigDecimal selfTotalScore,
            @Schema(examples = "良") String grade,
            BigDecimal droppedPoints,
            List<CategoryResult> categories,
            List<IndicatorResult> indicators,
            Finance finance,
            PriorYearRef priorYear) {
    }

    /** One recorded change of a review score. */
    @Schema(name = "ReviewScoreChange")
    public record ReviewChangeView(long id, long evaluationVersion, String indicatorCode, BigDecimal oldScore, BigDecimal newScore,
            String comment, String actor, OffsetDateTime at) {
    }

    /** The result of scoring a posted filing document; nothing is stored. */
    @Schema(name = "EvaluationPreview")
    public record Preview(
            String rubricCode,
            int rubricVersion,
            @Schema(description = "Null while the version is a draft") String rubricHash,
            BigDecimal totalScore,
            BigDecimal selfTotalScore,
            String grade,
            BigDecimal droppedPoints,
            List<CategoryResult> categories,
            List<IndicatorResult> indicators,
            Finance finance) {
    }

    /** What an evaluation row stores besides its columns. */
    public record StoredResult(EvaluationResult result, Finance finance) {
    }
}
