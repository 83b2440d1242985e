package cn.jixiao.reporting.problem;

import java.util.List;
import java.util.Map;

/**
 * A failure the client caused (or, for {@link ProblemType#DEPENDENCY_UNAVAILABLE}, one it may
 * retry), carried to {@link ProblemMappers} and rendered as problem details.
 */
public class ApiException extends RuntimeException {

    public final ProblemType type;
    public final Text detail;
    public final List<Violation> violations;
    public final Map<String, String> headers;

    public ApiException(ProblemType type, Text detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ApiException(ProblemType type, Text detail, List<Violation> violations) {
        this(type, detail, violations, Map.of());
    }

    public ApiException(ProblemType type, Text detail, List<Violation> violations, Map<String, String> headers) {
        super(type + ": " + detail.en(), null, false, false);
        this.type = type;
        this.detail = detail;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    /** A field-level violation, localized at rendering time. */
    public record Violation(String field, String code, Text message) {
    }

    /** What a 404 names, in Chinese: the Chinese message said "rubric version department-overall/99 不存在". */
    private static final java.util.Map<String, String> NOUNS = java.util.Map.of(
            "department", "部门", "cycle", "评价周期", "filing", "填报", "revision", "填报版本",
            "rubric", "评分表", "rubric version", "评分表版本", "evaluation", "评价结果");

    /** Not found: {@code what} is one of {@link #NOUNS}' English words. (Kept in step with the other services' copies.) */
    public static ApiException notFound(String what, Object id) {
        return new ApiException(ProblemType.NOT_FOUND,
                Text.of(NOUNS.getOrDefault(what, what) + " " + id + " 不存在", "No " + what + " " + id));
    }

    public static ApiException invalid(String field, String code, Text message) {
        return new ApiException(ProblemType.INVALID_INPUT, message, List.of(new Violation(field, code, message)));
    }
}
