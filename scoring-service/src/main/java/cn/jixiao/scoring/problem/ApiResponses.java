package cn.jixiao.scoring.problem;

/** Descriptions shared by the OpenAPI annotations of every resource. */
public final class ApiResponses {

    private ApiResponses() {
    }

    public static final String PROBLEM = ProblemResponses.MEDIA_TYPE;
    public static final String UNAUTHORIZED = "No or invalid bearer token";
    public static final String FORBIDDEN = "The caller's role does not allow this operation";
    public static final String INVALID = "Malformed JSON, an unknown field, a field that violates its constraints, or text that cannot be stored "
            + "(U+0000: `unsupported-character`; an unpaired surrogate: `invalid-unicode`), or a number with more than 20 digits before or after "
            + "the point (`out-of-range`); `errors` names each field";
    public static final String TOO_LARGE = "Request body larger than 1 MiB";
    public static final String UNSUPPORTED = "Request body is not application/json";
}
