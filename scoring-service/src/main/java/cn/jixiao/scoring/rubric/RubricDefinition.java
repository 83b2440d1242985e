package cn.jixiao.scoring.rubric;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The content of one rubric version (评分表): the indicator tree with points and scoring rules,
 * and the version's policies. It is data: stored as JSON, hashed when published, never code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// the fields a version read with GET carries beside its content: an editor may send back what it
// read with the content changed. They are the server's to set (the URL names the version), so
// they are read past and never stored; any other field not in the content is still refused
@JsonIgnoreProperties({"code", "version", "status", "contentHash", "totalPoints", "createdAt", "createdBy", "updatedAt",
        "publishedAt", "publishedBy"})
@Schema(name = "RubricDefinition", description = "The editable content of a rubric version")
public record RubricDefinition(
        @NotBlank @Schema(examples = "部门整体支出绩效评价评分表") String name,
        @NotNull @Valid NotApplicablePolicy notApplicablePolicy,
        @NotEmpty List<@NotNull @Valid GradeBand> gradeBands,
        @Valid Rounding rounding,
        @Schema(description = "Deductions \"per percentage point\" count whole points only (the fraction of a point is not deducted); proportional when false")
        Boolean wholePointsOnly,
        @NotEmpty List<@NotNull @Valid Indicator> indicators) {

    public Rounding roundingOrDefault() {
        return rounding == null ? Rounding.DEFAULT : rounding;
    }

    public boolean wholePoints() {
        return Boolean.TRUE.equals(wholePointsOnly);
    }

    /** Sum of the level-1 points (100 for a complete rubric). */
    public BigDecimal totalPoints() {
        return indicators.stream().map(Indicator::points).filter(p -> p != null).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Every level-3 indicator with its level-1 and level-2 parents, in tree order. */
    public List<Leaf> leaves() {
        List<Leaf> leaves = new ArrayList<>();
        for (Indicator l1 : indicators) {
            for (Indicator l2 : children(l1)) {
                for (Indicator l3 : children(l2)) {
                    leaves.add(new Leaf(l1, l2, l3));
                }
            }
        }
        return leaves;
    }

    public void forEachNode(Consumer<Indicator> visitor) {
        for (Indicator i : indicators) {
            walk(i, visitor);
        }
    }

    private static void walk(Indicator node, Consumer<Indicator> visitor) {
        visitor.accept(node);
        children(node).forEach(c -> walk(c, visitor));
    }

    static List<Indicator> children(Indicator node) {
        return node.children() == null ? List.of() : node.children();
    }

    /** A level-3 indicator and where it sits. */
    public record Leaf(Indicator level1, Indicator level2, Indicator indicator) {
    }

    /** What a not-applicable indicator (无此考核指标) costs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "NotApplicablePolicy")
    public record NotApplicablePolicy(
            @NotNull @Schema(examples = "FIXED_DEDUCTION") NotApplicableKind kind,
            @Schema(examples = "1", description = "Points taken off, for FIXED_DEDUCTION") BigDecimal amount) {
    }

    public enum NotApplicableKind {
        /** The indicator scores its full points. */
        FULL_POINTS,
        /** The indicator scores 0. */
        ZERO,
        /** The indicator scores its points less a fixed amount. */
        FIXED_DEDUCTION,
        /** The indicator is left out and the total is pro-rated to the rubric's full points. */
        DROP_AND_PRORATE
    }

    /** A grade (评价等次) and the lowest total that earns it (inclusive). */
    @Schema(name = "GradeBand")
    public record GradeBand(@NotBlank @Schema(examples = "优") String grade, @NotNull @Schema(examples = "90") BigDecimal min) {
    }

    /** How scores are rounded: decimal places and rounding mode (half-up by default). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Rounding")
    public record Rounding(@Schema(examples = "2") Integer scale, @Schema(examples = "HALF_UP") RoundingMode mode) {
        public static final Rounding DEFAULT = new Rounding(2, RoundingMode.HALF_UP);

        public int scaleOrDefault() {
            return scale == null ? 2 : scale;
        }

        public RoundingMode modeOrDefault() {
            return mode == null ? RoundingMode.HALF_UP : mode;
        }

        public BigDecimal apply(BigDecimal value) {
            return value.setScale(scaleOrDefault(), modeOrDefault());
        }
    }

    /**
     * One indicator: level 1 and 2 group their children; level 3 carries one scoring rule. Codes
     * and names are bounded as reporting-service stores them: a longer one would be refused in
     * every evaluation of the version, and a published version never changes.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(name = "Indicator")
    public record Indicator(
            @NotBlank @Size(max = 64) @Schema(examples = "staff-control-rate") String code,
            @NotBlank @Size(max = 200) @Schema(examples = "财政供养人员控制率") String name,
            @NotNull @Schema(examples = "3") Integer level,
            @NotNull @Schema(examples = "5") BigDecimal points,
            @Schema(description = "The scoring standard in the bureau's original wording (评分标准)") String standard,
            @Valid Rule rule,
            List<@NotNull @Valid Indicator> children) {
    }

    /**
     * A level-3 scoring rule. Which fields apply depends on {@code kind}; formulas are EvalEx
     * expressions over the filing's fields (see {@link FilingFields}), computed in exact decimals.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Rule")
    public record Rule(
            @NotNull @Schema(examples = "RATE_CEILING") RuleKind kind,
            @JsonFormat(with = {JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY, JsonFormat.Feature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED})
            @Schema(description = "The value the rule judges (a rate in percent, an amount or a count); alternatives in order: the first whose fields are all filled is used",
                    examples = "basicInfo.headcount.actual / basicInfo.headcount.authorized * 100")
            @Size(max = 20) List<@NotNull String> formula,
            @Schema(description = "RATE_CEILING: the highest rate that still earns full points", examples = "100") BigDecimal ceiling,
            @Schema(description = "RATE_FLOOR: the lowest rate that still earns full points", examples = "50") BigDecimal floor,
            @Schema(description = "RATE_CEILING/RATE_FLOOR: points off per percentage point beyond the bound", examples = "0.5") BigDecimal deductionPerPoint,
            @Schema(description = "PER_OCCURRENCE: points off per occurrence", examples = "1") BigDecimal deductionPerOccurrence,
            @Size(max = 100) List<@NotNull @Valid Band> bands,
            @Size(max = 100) List<@NotNull @Valid ChecklistItem> items,
            @Size(max = 100) List<@NotNull @Valid Condition> conditions,
            @Schema(description = "CONDITIONS: the score when no condition holds; not computable when absent") BigDecimal otherwise) {
    }

    public enum RuleKind {
        /** Full points up to a ceiling; a deduction per percentage point above it. */
        RATE_CEILING,
        /** Full points down to a floor; a deduction per percentage point below it. */
        RATE_FLOOR,
        /** The score of the band the value falls in; each band has its own inclusive or exclusive bounds. */
        BANDS,
        /** Points per satisfied item. */
        CHECKLIST,
        /** A deduction per occurrence. */
        PER_OCCURRENCE,
        /** Ordered conditions; the first that holds gives the score. */
        CONDITIONS,
        /** Scored by experts: no computed score; the review score, else the self-score, stands. */
        EXPERT
    }

    /** A band of values; an absent bound is open (−∞ or +∞). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Band")
    public record Band(
            @Schema(examples = "80") BigDecimal min,
            @Schema(examples = "true") Boolean minInclusive,
            @Schema(examples = "90") BigDecimal max,
            @Schema(examples = "false") Boolean maxInclusive,
            @NotNull @Schema(examples = "4") BigDecimal score) {

        public boolean contains(BigDecimal v) {
            if (min != null) {
                int c = v.compareTo(min);
                if (c < 0 || (c == 0 && !Boolean.TRUE.equals(minInclusive))) {
                    return false;
                }
            }
            if (max != null) {
                int c = v.compareTo(max);
                if (c > 0 || (c == 0 && !Boolean.TRUE.equals(maxInclusive))) {
                    return false;
                }
            }
            return true;
        }

        public String describe() {
            String lo = min == null ? "(-∞" : (Boolean.TRUE.equals(minInclusive) ? "[" : "(") + min.stripTrailingZeros().toPlainString();
            String hi = max == null ? "+∞)" : max.stripTrailingZeros().toPlainString() + (Boolean.TRUE.equals(maxInclusive) ? "]" : ")");
            return lo + ", " + hi;
        }
    }

    /** One checklist item: a yes/no formula and the points it earns. */
    @Schema(name = "ChecklistItem")
    public record ChecklistItem(
            @NotBlank @Schema(examples = "制度健全") String label,
            @NotBlank @Schema(examples = "baseData.checklist.budgetRulesExist") String formula,
            @NotNull @Schema(examples = "1") BigDecimal points) {
    }

    /** One condition of an ordered list: a yes/no formula and the score when it is the first to hold. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Condition")
    public record Condition(
            @Schema(examples = "无结余") String label,
            @NotBlank @Schema(examples = "financeTotals.expenditure.accumulatedBalance <= 0") String when,
            @NotNull @Schema(examples = "3") BigDecimal score) {
    }
}
