package cn.jixiao.submission.filing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The filing resource's request and response bodies. */
public final class FilingApi {

    private FilingApi() {
    }

    @Schema(name = "FilingCreate")
    public record FilingCreate(
            @Schema(example = "1") @NotNull Long cycleId,
            @Schema(description = "Defaults to the filer's own department; any other is refused", example = "D001") String departmentCode,
            @Valid FilingContent content) {
    }

    @Schema(name = "FilingUpdate")
    public record FilingUpdate(@NotNull @Valid FilingContent content) {
    }

    @Schema(name = "ReturnRequest")
    public record ReturnRequest(
            @Schema(description = "退回原因", example = "三公经费合计与明细不符，请核实后重新提交") @NotBlank @Size(max = 4000) String reason,
            @Schema(description = "Resubmission allowed until; default the later of the cycle's deadline and 14 days from now")
            OffsetDateTime resubmitUntil) {
    }

    @Schema(name = "ReopenRequest")
    public record ReopenRequest(
            @Schema(description = "Submission allowed until", example = "2021-04-15T23:59:59+08:00") @NotNull OffsetDateTime until,
            @Schema(example = "部门因机构改革延期") @Size(max = 4000) String reason) {
    }

    @Schema(name = "Filing")
    public record FilingView(
            UUID id,
            String departmentCode,
            long cycleId,
            int fiscalYear,
            @Schema(enumeration = {"DRAFT", "SUBMITTED", "RETURNED", "ACCEPTED"}) String status,
            @Schema(description = "The revision being edited, or the last one submitted") int revision,
            // stored JSON, written out as it is: parsing and serializing it again on every read
            // cost more than the rest of the read (docs/performance.md, target 1)
            @Schema(ref = "FilingContent") RawJson content,
            @Schema(ref = "FinanceTotals") RawJson financeTotals,
            String contentSha256,
            String returnReason,
            OffsetDateTime submitUntil,
            OffsetDateTime createdAt,
            String createdBy,
            OffsetDateTime updatedAt,
            OffsetDateTime submittedAt,
            @Schema(description = "Same value as the ETag header") long version) {
    }

    @Schema(name = "FilingSummary")
    public record FilingSummary(UUID id, String departmentCode, long cycleId, int fiscalYear, String status, int revision,
            String contentSha256, OffsetDateTime updatedAt, OffsetDateTime submittedAt) {
    }

    @Schema(name = "FilingPage")
    public record FilingPage(List<FilingSummary> items, int page, int size, long totalItems, int totalPages) {
    }

    @Schema(name = "ValidationReport")
    public record ValidationReport(UUID filingId, int revision, boolean valid, List<ValidationProblem> problems) {
    }

    @Schema(name = "ValidationProblem")
    public record ValidationProblem(
            @Schema(example = "$.finance[0].income.total") String field,
            @Schema(example = "sum-mismatch") String code,
            @Schema(example = "收入合计 250.40 ≠ 各项收入之和 250.30") String message) {
    }

    @Schema(name = "Revision")
    public record RevisionView(UUID filingId, String departmentCode, long cycleId, int fiscalYear, int revision,
            // the frozen text as stored, the bytes its contentSha256 covers: written again, a
            // character beyond the basic plane came back as an escaped surrogate pair
            @Schema(ref = "FilingContent") RawJson content, FinanceTotals financeTotals, String contentSha256, OffsetDateTime submittedAt,
            String submittedBy) {
    }

    @Schema(name = "RevisionSummary")
    public record RevisionSummary(int revision, String contentSha256, OffsetDateTime submittedAt, String submittedBy) {
    }

    @Schema(name = "HistoryEntry")
    public record HistoryEntryView(long id, int revision,
            @Schema(enumeration = {"CREATED", "UPDATED", "SUBMITTED", "RETURNED", "ACCEPTED", "REOPENED", "FINANCE_IMPORTED"}) String action,
            String actor, String actorDepartment, OffsetDateTime at, String contentSha256, String detail) {
    }
}
