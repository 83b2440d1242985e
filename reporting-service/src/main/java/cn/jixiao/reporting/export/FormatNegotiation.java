package cn.jixiao.reporting.export;

import cn.jixiao.reporting.problem.Language;
import cn.jixiao.reporting.problem.Problem;
import cn.jixiao.reporting.problem.ProblemResponses;
import cn.jixiao.reporting.problem.ProblemType;
import cn.jixiao.reporting.problem.Text;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code ?format=json|csv|xlsx} overrides the Accept header of a report request (a link in a
 * browser cannot set headers), and an Accept header is decided here ({@link Formats#negotiate});
 * every report answer names a sensible file in Content-Disposition.
 */
public class FormatNegotiation {

    @ServerRequestFilter(preMatching = true)
    public Optional<jakarta.ws.rs.core.Response> formatOverridesAccept(ContainerRequestContext ctx) {
        if (!ctx.getUriInfo().getPath().startsWith("/api/v1/reports")) {
            return Optional.empty();
        }
        String format = ctx.getUriInfo().getQueryParameters().getFirst("format");
        if (format == null) {
            String accept = ctx.getHeaderString(HttpHeaders.ACCEPT);
            if (accept == null || accept.isBlank()) {
                return Optional.empty();
            }
            MediaType chosen = Formats.negotiate(accept);
            if (chosen == null) {
                throw new NotAcceptableException();
            }
            ctx.getHeaders().putSingle(HttpHeaders.ACCEPT, chosen.toString());
            return Optional.empty();
        }
        String media = ReportMedia.forFormat(format);
        if (media == null) {
            Language lang = Language.fromAcceptLanguage(ctx.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
            Text message = Text.of("format 只能是 json、csv 或 xlsx，不能是 " + format, "format must be json, csv or xlsx, not " + format);
            return Optional.of(ProblemResponses.builder(ProblemType.INVALID_INPUT, message.in(lang),
                    ctx.getUriInfo().getRequestUri().getRawPath(),
                    List.of(new Problem.FieldViolation("format", "unknown-format", message.in(lang))), lang).build());
        }
        ctx.getHeaders().putSingle(HttpHeaders.ACCEPT, media);
        return Optional.empty();
    }

    @ServerResponseFilter
    public void contentDisposition(ContainerResponseContext response) {
        if (response.getEntity() instanceof Tabular table && response.getMediaType() != null) {
            MediaType type = response.getMediaType();
            String media = type.getType() + "/" + type.getSubtype();
            String extension = ReportMedia.EXTENSION.get(media);
            if (extension != null) {
                String name = table.fileName() + "." + extension;
                String disposition = (ReportMedia.JSON.equals(media) ? "inline" : "attachment")
                        + "; filename=\"" + name + "\"; filename*=UTF-8''"
                        + java.net.URLEncoder.encode(table.sheetTitle() + "-" + name, StandardCharsets.UTF_8).replace("+", "%20");
                response.getHeaders().putSingle("Content-Disposition", disposition);
            }
        }
    }
}
