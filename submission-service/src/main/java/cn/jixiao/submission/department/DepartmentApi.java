package cn.jixiao.submission.department;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The department resource's request and response bodies. */
public final class DepartmentApi {

    private DepartmentApi() {
    }

    static final String CODE_PATTERN = "[A-Za-z0-9_-]{1,32}";

    @Schema(name = "DepartmentRequest")
    public record DepartmentRequest(
            @Schema(example = "D001") @NotBlank @Pattern(regexp = CODE_PATTERN, message = "must be 1-32 letters, digits, - or _") String code,
            @Schema(example = "县教育局") @NotBlank @Size(max = 200) String name,
            @Schema(example = "教科文卫") @Size(max = 100) String group,
            @NotEmpty List<@NotNull @Valid SubUnitBody> subUnits) {
    }

    @Schema(name = "DepartmentUpdate")
    public record DepartmentUpdate(
            @Schema(example = "县教育局") @NotBlank @Size(max = 200) String name,
            @Schema(example = "教科文卫") @Size(max = 100) String group,
            @NotEmpty List<@NotNull @Valid SubUnitBody> subUnits) {
    }

    @Schema(name = "SubUnit")
    public record SubUnitBody(
            @Schema(example = "D001-01") @NotBlank @Pattern(regexp = CODE_PATTERN, message = "must be 1-32 letters, digits, - or _") String code,
            @Schema(example = "局机关") @NotBlank @Size(max = 200) String name) {
    }

    @Schema(name = "Department")
    public record DepartmentView(String code, String name, String group, List<SubUnitBody> subUnits,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        static DepartmentView of(Department d) {
            return new DepartmentView(d.code, d.name, d.group,
                    d.subUnits.stream().map(s -> new SubUnitBody(s.code, s.name)).toList(), d.createdAt, d.updatedAt);
        }
    }
}
