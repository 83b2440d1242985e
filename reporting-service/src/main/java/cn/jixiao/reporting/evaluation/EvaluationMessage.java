package cn.jixiao.reporting.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * scoring-service's "EvaluationCompleted" message, delivered at least once and possibly out of
 * order. Properties this service does not know are ignored, so that scoring-service may add
 * some without breaking delivery. The rebuild reads the same objects (without messageId and
 * type) from scoring-service's evaluation list.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "EvaluationCompleted", description = "An evaluation of a filing (official or a comparison re-score) with its totals, indicators and finance figures")
public record EvaluationMessage(
        @Schema(description = "Idempotency key of the delivery; required on the inbox, absent in the rebuild") UUID messageId,
        @Pattern(regexp = TYPE, message = "must be " + TYPE) @Schema(example = TYPE) String type,
        @NotNull UUID evaluationId,
        @NotNull @PositiveOrZero @Schema(description = "Increments on every change of the evaluation (e.g. review scores)") Long evaluationVersion,
        @NotNull @Schema(description = "Only official evaluations count in reports") Boolean official,
        @NotNull UUID filingId,
        @NotNull @Min(1) Integer filingRevision,
        @Size(max = 64) String filingSha256,
        @NotBlank @Size(max = 64) String departmentCode,
        @NotBlank @Size(max = 200) String departmentName,
        @Size(max = 100) String departmentGroup,
        @NotNull @Min(2000) @Max(2100) Integer fiscalYear,
        @NotNull Long cycleId,
        @NotBlank @Size(max = 64) String rubricCode,
        @NotNull @Min(1) Integer rubricVersion,
        @Size(max = 128) String rubricHash,
        @NotNull OffsetDateTime evaluatedAt,
        @NotNull @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal totalScore,
        @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal selfTotalScore,
        @NotNull @Pattern(regexp = "[优良中差]", message = "must be one of 优 良 中 差") @Schema(enumeration = {"优", "良", "中", "差"}) String grade,
        @NotNull List<@NotNull @Valid Category> categories,
        @NotNull List<@NotNull @Valid Indicator> indicators,
        @NotNull @Valid Finance finance) {

    public static final String TYPE = "EvaluationCompleted";

    /*
     * Bounds far beyond any real score or amount, so that a number the tables cannot hold is a
     * 400 naming its field rather than a failure of the database: scores (NUMERIC(12,2)) leave
     * room for the gap between self and final total, amounts (NUMERIC(16,2)) for the district's
     * sums (NUMERIC(18,2)) over ten thousand departments.
     */
    public static final String SCORE_MAX = "999999999.99";
    public static final String SCORE_MIN = "-999999999.99";
    public static final String AMOUNT_MAX = "999999999999.99";
    public static final String AMOUNT_MIN = "-999999999999.99";

    /** A level-1 or level-2 category of the rubric with its points and the department's score. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "EvaluationCategory")
    public record Category(
            @NotBlank @Size(max = 64) String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(1) @Max(2) Integer level,
            @Size(max = 64) String parentCode,
            @NotNull @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal points,
            @NotNull @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal score) {
    }

    /** A level-3 indicator: the computed, self, review and final scores side by side. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "EvaluationIndicator")
    public record Indicator(
            @NotBlank @Size(max = 64) String code,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 64) String level1Code,
            @NotBlank @Size(max = 64) String level2Code,
            @NotNull @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal points,
            @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal computedScore,
            @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal selfScore,
            @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal reviewScore,
            @NotNull @DecimalMin(SCORE_MIN) @DecimalMax(SCORE_MAX) BigDecimal finalScore,
            boolean notComputable,
            boolean notApplicable,
            boolean overScored,
            @Schema(description = "Dropped under the rubric version's not-applicable policy: the indicator counts for no report of this department (absent from older messages: not dropped)")
            Boolean dropped) {
    }

    /** The department's finance totals (万元). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "EvaluationFinance")
    public record Finance(
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal incomeTotal,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal expenditureTotal,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal basicExpenditure,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal projectExpenditure,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal balanceOfYear,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal accumulatedBalance,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal threePublicTotal,
            @NotNull @DecimalMin(AMOUNT_MIN) @DecimalMax(AMOUNT_MAX) BigDecimal fixedAssetsTotal) {
    }
}
