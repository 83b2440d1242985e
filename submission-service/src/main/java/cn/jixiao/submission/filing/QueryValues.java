package cn.jixiao.submission.filing;

import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.Text;
import java.util.Arrays;

/** The filing list's status parameter, parsed with a 400 that names it. */
final class QueryValues {

    private QueryValues() {
    }

    static Filing.Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Filing.Status.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.toString(Filing.Status.values());
            throw invalid("status", value, allowed + " 之一", "one of " + allowed);
        }
    }

    private static ApiException invalid(String name, String value, String zh, String en) {
        return ApiException.invalid(name, "invalid-value",
                Text.of("查询参数 " + name + "=" + value + " 不合法，应为" + zh, "Query parameter " + name + "=" + value + " is not " + en));
    }
}
