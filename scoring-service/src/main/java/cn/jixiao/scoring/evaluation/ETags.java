package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.problem.ApiException;
import cn.jixiao.scoring.problem.ProblemType;
import cn.jixiao.scoring.problem.Text;

/** Strong entity tags over an evaluation's version, and the If-Match rule every change obeys. */
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
                    "修改前请先读取评价结果，并在 If-Match 请求头中带上其 ETag", "Read the evaluation first and send its ETag in If-Match"));
        }
        String expected = of(version);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                continue; // weak tags never match under the strong comparison If-Match requires
            }
            if (t.equals(expected)) {
                return;
            }
        }
        throw new ApiException(ProblemType.PRECONDITION_FAILED, Text.of(
                "评价结果已被修改（当前 ETag " + expected + "），请重新读取后再提交修改",
                "The evaluation has changed (current ETag " + expected + "); read it again"));
    }
}
