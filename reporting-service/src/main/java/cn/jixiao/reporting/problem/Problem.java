package cn.jixiao.reporting.problem;

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
        @Schema(example = "https://jixiao.cn/problems/invalid-input") String type,
        @Schema(example = "Invalid input") String title,
        @Schema(example = "400") int status,
        @Schema(example = "Unknown measure foo") String detail,
        @Schema(example = "/api/v1/reports/aggregate") String instance,
        List<FieldViolation> errors) {

    /** One violation of one field. */
    @Schema(name = "FieldViolation")
    public record FieldViolation(
            @Schema(example = "measure") String field,
            @Schema(example = "unknown-measure") String code,
            @Schema(example = "未知的度量 foo") String message) {
    }
}
