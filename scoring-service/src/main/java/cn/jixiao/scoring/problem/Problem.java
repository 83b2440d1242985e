package cn.jixiao.scoring.problem;

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
        @Schema(example = "The rubric version has 1 problem") String detail,
        @Schema(example = "/api/v1/rubrics/department-overall/versions/2") String instance,
        List<FieldViolation> errors) {

    /** One violation of one field. */
    @Schema(name = "FieldViolation")
    public record FieldViolation(
            @Schema(example = "$.indicators[0].children[0].children[0].rule.rate") String field,
            @Schema(example = "unknown-field") String code,
            @Schema(example = "未知字段 baseData.foo") String message) {
    }
}
