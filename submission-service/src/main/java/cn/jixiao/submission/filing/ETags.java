package cn.jixiao.submission.filing;

import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;

/** Strong entity tags over a filing's version, and the If-Match rule every change obeys. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Missing If-Match → 428; one that names another version → 412. "*" is refused too: it
     * would let a client overwrite what it never read.
     */
    public static void check(String ifMatch, long version) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            throw new ApiException(ProblemType.PRECONDITION_REQUIRED, Text.of(
                    "修改前请先读取填报，并在 If-Match 请求头中带上其 ETag", "Read the filing first and send its ETag in If-Match"));
        }
        if (matches(ifMatch, version)) {
            return;
        }
        throw new ApiException(ProblemType.PRECONDITION_FAILED, Text.of(
                "填报已被修改（当前 ETag " + of(version) + "），请重新读取后再提交修改",
                "The filing has changed (current ETag " + of(version) + "); read it again"));
    }

    /** Whether an If-Match list names this version under the strong comparison If-Match requires ("*" is the caller's to judge). */
    public static boolean matches(String ifMatch, long version) {
        String expected = of(version);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            // weak tags never match under the strong comparison
            if (!t.startsWith("W/") && t.equals(expected)) {
                return true;
            }
        }
        return false;
    }
}
