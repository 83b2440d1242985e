package cn.jixiao.submission.financeimport;

import static cn.jixiao.submission.problem.ApiResponses.INVALID;
import static cn.jixiao.submission.problem.ApiResponses.PROBLEM;
import static cn.jixiao.submission.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.submission.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.submission.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.submission.filing.FilingJson;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImport;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImportResult;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.Language;
import cn.jixiao.submission.problem.Problem;
import cn.jixiao.submission.problem.ProblemResponses;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import cn.jixiao.submission.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/imports/finance")
@Tag(name = "Finance import", description = "Finance figures pushed by accounting systems, idempotent by Idempotency-Key")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FinanceImportResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    FinanceImportService imports;

    @Inject
    IdempotencyStore keys;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper mapper;

    @POST
    @RolesAllowed({Caller.INTEGRATION, Caller.ADMIN})
    @Operation(summary = "Import finance figures", description = "Integration accounts (for the departments in their token's `departments` claim) and admins. "
            + "Replaces the figures of each named sub-unit in the departments' draft filings, all or nothing. "
            + "A retry with the same Idempotency-Key and body returns the first response without applying again.")
    @APIResponse(responseCode = "200", description = "Applied (or the replay of the first response)", content = @Content(schema = @Schema(implementation = FinanceImportResult.class)))
    @APIResponse(responseCode = "400", description = INVALID + "; also a missing Idempotency-Key", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The role may not import, or the batch names a department the account may not write", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A request with the same Idempotency-Key is still being processed", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Figures that do not add up, unknown sub-units, departments without a draft, no cycleId for a year of several cycles; or the Idempotency-Key was used with another body", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Too many imports at once: nothing applied, the key freed; retry after Retry-After with the same key", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response importFinance(
            @Parameter(description = "A unique key per logical request, at most 255 characters", required = true)
            @HeaderParam(IDEMPOTENCY_KEY) String key,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Context UriInfo uri,
            @Valid @NotNull FinanceImport request) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw ApiException.invalid("Idempotency-Key", "required",
                    Text.of("必须提供 Idempotency-Key 请求头（不超过 255 个字符）", "The Idempotency-Key header is required (at most 255 characters)"));
        }
        String who = caller.name();
        String fingerprint = fingerprint(mapper, request);
        IdempotencyStore.Claim claim = keys.claim(who, key, fingerprint);
        if (claim instanceof IdempotencyStore.Replay replay) {
            return Response.status(replay.status())
                    .type(replay.status() >= 400 ? ProblemResponses.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", "true")
                    .entity(replay.body()).build();
        }
        if (claim instanceof IdempotencyStore.InFlight) {
            throw new ApiException(ProblemType.IDEMPOTENCY_IN_FLIGHT,
                    Text.of("使用该 Idempotency-Key 的请求仍在处理中，请稍后重试", "A request with this Idempotency-Key is still in progress; retry later"));
        }
        if (claim instanceof IdempotencyStore.Reused) {
            throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    Text.of("该 Idempotency-Key 已用于内容不同的请求", "This Idempotency-Key was used for a different request body"),
                    List.of(new ApiException.Violation("Idempotency-Key", "reused",
                            Text.of("请为新的请求使用新的幂等键", "use a new key for a new request"))));
        }
        try {
            // the body kept for replays is the body sent now, serialized once
            String body = QuarkusTransaction.requiringNew().call(() -> {
                String applied = write(imports.apply(request, key));
                keys.complete(who, key, 200, applied);
                return applied;
            });
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        } catch (ApiException e) {
            if (e.type.status >= 500) {
                // "retry later" is no answer to keep for the key: the retry must be applied
                keys.release(who, key);
                throw e;
            }
            Language lang = Language.fromAcceptLanguage(acceptLanguage);
            keys.completeAlone(who, key, e.type.status, write(ProblemResponses.problem(e, lang, uri.getRequestUri().getRawPath())));
            throw e;
        } catch (RuntimeException | Error e) {
            // an Error too (out of memory): a key left in flight would refuse the retry for ten minutes
            keys.release(who, key);
            throw e;
        }
    }

    /**
     * SHA-256 of the request as this service writes it, so a retry that differs only in spacing
     * or key order is the same request. Streamed into the digest: a 2,000-department batch is
     * 1 MiB, and building it as a string first cost a tenth of the import.
     */
    static String fingerprint(ObjectMapper mapper, FinanceImport request) {
        MessageDigest sha = FilingJson.sha256Digest();
        // a character writer, as writeValueAsString uses, encoding as String.getBytes does (an
        // unpaired surrogate becomes '?'): the hash stays the one stored for keys taken before
        try (Writer digest = new OutputStreamWriter(new DigestOutputStream(OutputStream.nullOutputStream(), sha), StandardCharsets.UTF_8)) {
            mapper.writeValue(digest, request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
