package cn.jixiao.submission.cycle;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The cycle resource's bodies. */
public final class CycleApi {

    private CycleApi() {
    }

    @Schema(name = "CycleRequest")
    public record CycleRequest(
            @Schema(example = "2020年度部门整体支出绩效自评") @NotBlank @Size(max = 200) String name,
            @Schema(example = "2020") @NotNull @Min(2000) @Max(2100) Integer fiscalYear,
            @Schema(example = "2021-03-31T23:59:59+08:00") @NotNull OffsetDateTime deadline,
            @Schema(example = "department-overall") @NotBlank @Size(max = 64) String rubricCode,
            @Schema(example = "1") @NotNull @Min(1) Integer rubricVersion) {
    }

    @Schema(name = "Cycle")
    public record CycleView(long id, String name, int fiscalYear, OffsetDateTime deadline, String rubricCode,
            int rubricVersion,
            @Schema(description = "Points of each level-3 indicator of the bound rubric version") Map<String, BigDecimal> indicatorPoints,
            OffsetDateTime createdAt, String createdBy) {
    }
}
