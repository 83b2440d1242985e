package cn.jixiao.scoring.rubric;

import cn.jixiao.scoring.rubric.RubricDefinition.GradeBand;
import cn.jixiao.scoring.rubric.RubricDefinition.Indicator;
import cn.jixiao.scoring.rubric.RubricDefinition.NotApplicablePolicy;
import cn.jixiao.scoring.rubric.RubricDefinition.Rounding;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request and response bodies of the rubric API. */
public final class RubricApi {

    private RubricApi() {
    }

    @Schema(name = "RubricCreate")
    public record RubricCreate(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") @Schema(examples = "department-overall-2021") String code,
            @NotBlank @Size(max = 200) @Schema(examples = "部门整体支出绩效评价评分表（2021）") String name,
            @Valid @Schema(description = "Content of the first draft; empty when absent") RubricDefinition definition) {
    }

    @Schema(name = "VersionCreate")
    public record VersionCreate(
            @Min(1) @Schema(description = "Version to copy; the latest when neither this nor definition is given", examples = "1") Integer copyFrom,
            @Valid @Schema(description = "Content of the new draft") RubricDefinition definition) {
    }

    @Schema(name = "RubricSummary")
    public record RubricSummary(
            @Schema(examples = "department-overall") String code,
            @Schema(examples = "部门整体支出绩效评价评分表") String name,
            List<VersionSummary> versions,
            OffsetDateTime createdAt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "RubricVersionSummary")
    public record VersionSummary(
            @Schema(examples = "1") int version,
            @Schema(examples = "PUBLISHED") RubricVersion.Status status,
            @Schema(examples = "3b4f…") String contentHash,
            OffsetDateTime createdAt,
            OffsetDateTime publishedAt) {
    }

    /** A rubric version as read: the tree and policies, with status and content hash. */
    @Schema(name = "RubricVersion")
    public record VersionView(
            @Schema(examples = "department-overall") String code,
            @Schema(examples = "1") int version,
            @Schema(examples = "PUBLISHED") RubricVersion.Status status,
            @Schema(examples = "部门整体支出绩效评价评分表") String name,
            @Schema(description = "SHA-256 of the canonical JSON of the content; set when published") String contentHash,
            NotApplicablePolicy notApplicablePolicy,
            List<GradeBand> gradeBands,
            Rounding rounding,
            Boolean wholePointsOnly,
            @Schema(examples = "100") BigDecimal totalPoints,
            @Schema(description = "Level-1 indicators, their level-2 children and level-3 leaves with rule and standard") List<Indicator> indicators,
            OffsetDateTime createdAt,
            String createdBy,
            OffsetDateTime updatedAt,
            OffsetDateTime publishedAt,
            String publishedBy) {
    }

    @Schema(name = "RubricDiff", description = "What changed from version `against` to version `version`")
    public record Diff(
            String code,
            int version,
            int against,
            List<DiffEntry> added,
            List<DiffEntry> removed,
            List<DiffEntry> changed,
            @Schema(description = "Names of the version-level settings that differ: notApplicablePolicy, gradeBands, rounding, wholePointsOnly, name")
            List<String> settingsChanged) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RubricDiffEntry")
    public record DiffEntry(
            @Schema(examples = "staff-control-rate") String code,
            @Schema(examples = "财政供养人员控制率") String name,
            @Schema(examples = "3") int level,
            @Schema(description = "What changed: points, rule, name, standard, parent", examples = "[\"points\"]") List<String> changes,
            BigDecimal pointsBefore,
            BigDecimal pointsAfter,
            RubricDefinition.Rule ruleBefore,
            RubricDefinition.Rule ruleAfter) {
    }

    /** A filing document to score without storing anything. */
    @Schema(name = "EvaluateRequest")
    public record EvaluateRequest(
            @NotNull @Schema(description = "A FilingContent document as submission-service defines it; department totals are summed from its finance[]")
            JsonNode content,
            @Schema(description = "FilingContent of the department's prior-year filing, for rules that compare with last year")
            JsonNode priorYear) {
    }
}
