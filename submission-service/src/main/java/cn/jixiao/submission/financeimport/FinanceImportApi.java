package cn.jixiao.submission.financeimport;

import cn.jixiao.submission.filing.FilingContent.Expenditure;
import cn.jixiao.submission.filing.FilingContent.FixedAssets;
import cn.jixiao.submission.filing.FilingContent.Income;
import cn.jixiao.submission.filing.FilingContent.ThreePublic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the finance import (accounting systems → draft filings). */
public final class FinanceImportApi {

    private FinanceImportApi() {
    }

    @Schema(name = "FinanceImport")
    public record FinanceImport(
            @Schema(example = "2020") @NotNull @Min(2000) @Max(2100) Integer fiscalYear,
            @Schema(description = "When a fiscal year has several cycles, the one to import into; it must be one of the year's") Long cycleId,
            // the 1 MiB body limit comes first for items with figures (about 2,000 of them); the
            // count bounds a body of near-empty items
            @Schema(description = "At most 10,000 items, and the body at most 1 MiB: about 2,000 items with every figure given. "
                    + "Split a larger district into several batches, each with its own Idempotency-Key")
            @NotEmpty @Size(max = 10000) List<@NotNull @Valid FinanceItem> items) {
    }

    @Schema(name = "FinanceItem", description = "One sub-unit's figures; replaces what the draft held for that sub-unit")
    public record FinanceItem(
            @Schema(example = "D001") @NotBlank String departmentCode,
            @Schema(example = "D001-01") @NotBlank String subUnitCode,
            @NotNull Income income,
            @NotNull Expenditure expenditure,
            @NotNull ThreePublic threePublic,
            @NotNull FixedAssets fixedAssets) {
    }

    @Schema(name = "FinanceImportResult")
    public record FinanceImportResult(int fiscalYear, int itemsApplied, List<AppliedFiling> filings) {
    }

    @Schema(name = "AppliedFiling")
    public record AppliedFiling(String departmentCode, UUID filingId, List<String> subUnits, long version) {
    }
}
