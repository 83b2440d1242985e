package cn.jixiao.scoring.problem;

import jakarta.ws.rs.core.EntityTag;

/**
 * Strong entity tags over a resource's version counter, and the If-Match rule every change of an
 * evaluation or a rubric draft obeys: a client changes only what it has read.
 */
public final class ETags {

    /** What the tag is of, for the problem's words: "evaluation", "rubric version". */
    public record Of(String zh, String en) {
    }

    public static final Of EVALUATION = new Of("评价结果", "evaluation");
    public static final Of RUBRIC_VERSION = new Of("评分表版本", "rubric version");

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The header {@link #check} compares with: both made here, so that they never drift apart. */
    public static EntityTag tag(long version) {
        return new EntityTag(String.valueOf(version));
    }

    /**
     * Missing If-Match → 428; one that names another version → 412. "*" is refused too: it
     * would let a client overwrite what it never read.
     */
    public static void check(String ifMatch, long version, Of what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            throw new ApiException(ProblemType.PRECONDITION_REQUIRED, Text.of(
                    "修改前请先读取" + what.zh() + "，并在 If-Match 请求头中带上其 ETag",
                    "Read the " + what.en() + " first and send its ETag in If-Match"));
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
                what.zh() + "已被修改（当前 ETag " + expected + "），请重新读取后再提交修改",
                "The " + what.en() + " has changed (current ETag " + expected + "); read it again"));
    }
}
