package cn.jixiao.reporting.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem-details responses with the right media type and Content-Language. */
public final class ProblemResponses {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponses() {
    }

    /** The problem body for a client error, in the caller's language. */
    public static Problem problem(ApiException e, Language lang, String instance) {
        List<Problem.FieldViolation> errors = e.violations.stream()
                .map(v -> new Problem.FieldViolation(v.field(), v.code(), v.message().in(lang)))
                .toList();
        return new Problem(e.type.uri(), e.type.title(lang), e.type.status, e.detail.in(lang), instance, errors);
    }

    public static Response of(ProblemType type, String detail, String instance, Language lang) {
        return builder(type, detail, instance, List.of(), lang).build();
    }

    public static Response.ResponseBuilder builder(ProblemType type, String detail, String instance,
            List<Problem.FieldViolation> errors, Language lang) {
        Problem body = new Problem(type.uri(), type.title(lang), type.status, detail, instance, errors);
        return Response.status(type.status)
                .type(MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, lang == Language.EN ? "en" : "zh-CN")
                .entity(body);
    }
}
