package cn.jixiao.submission.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details body. {@code errors} lists every field-level violation, each
 * naming the offending field by its JSON path.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(example = "https://jixiao.cn/problems/validation") String type,
        @Schema(example = "Validation failed") String title,
        @Schema(example = "422") int status,
        @Schema(example = "The filing has 2 problems") String detail,
        @Schema(example = "/api/v1/filings/6c0e3f7a-2f7e-4d7e-9e55-0d1b7b2f9a10/submit") String instance,
        List<FieldViolation> errors) {

    /** One violation of one field. */
    @Schema(name = "FieldViolation")
    public record FieldViolation(
            @Schema(example = "$.finance[0].income.total") String field,
            @Schema(example = "sum-mismatch") String code,
            @Schema(example = "收入合计 250.40 ≠ 各项收入之和 250.30") String message) {
    }
}
