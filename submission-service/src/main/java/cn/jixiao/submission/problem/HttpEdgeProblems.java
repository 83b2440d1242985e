package cn.jixiao.submission.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Problem bodies for the answers the HTTP layer gives before a request reaches a resource:
 * a body over the 1 MiB limit (413), and a path under /api that no resource serves (404).
 */
@ApplicationScoped
public class HttpEdgeProblems {

    static final long MAX_BODY_BYTES = 1024 * 1024;

    @Inject
    ObjectMapper mapper;

    void routes(@Observes Router router) {
        // Only methods that carry a body in this API. The check itself is one header lookup, but as
        // the first handler of every route it calls ctx.next(), so a profile counts all routing and
        // dispatch after it as its own (5% of a GET's samples in docs/performance.md); a GET,
        // HEAD or OPTIONS now skips it altogether.
        Route bodies = router.route().order(Integer.MIN_VALUE);
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            bodies.method(method);
        }
        bodies.handler(this::refuseOversizedBody);
        router.route("/api/*").order(Integer.MAX_VALUE - 1).handler(ctx -> write(ctx, ProblemType.NOT_FOUND,
                Text.of("请求的资源不存在", "No such resource")));
    }

    private void refuseOversizedBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    write(ctx, ProblemType.PAYLOAD_TOO_LARGE, Text.of("请求体不能超过 1 MiB（1048576 字节）",
                            "The request body may not exceed 1 MiB (1048576 bytes)"));
                    return;
                }
            } catch (NumberFormatException e) {
                write(ctx, ProblemType.BAD_REQUEST, Text.of("Content-Length 不合法", "Invalid Content-Length"));
                return;
            }
        }
        ctx.next();
    }

    private void write(RoutingContext ctx, ProblemType type, Text detail) {
        Language lang = Language.fromAcceptLanguage(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem body = new Problem(type.uri(), type.title(lang), type.status, detail.in(lang), ctx.request().path(), List.of());
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response()
                .setStatusCode(type.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, lang == Language.EN ? "en" : "zh-CN")
                // the client may still be sending: close after answering rather than read 1 MiB+
                .putHeader(HttpHeaders.CONNECTION, type == ProblemType.PAYLOAD_TOO_LARGE ? "close" : "keep-alive")
                .end(json);
    }
}
