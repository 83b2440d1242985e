package cn.jixiao.reporting.evaluation;

import static cn.jixiao.reporting.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.reporting.problem.ApiResponses.INVALID;
import static cn.jixiao.reporting.problem.ApiResponses.PROBLEM;
import static cn.jixiao.reporting.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.reporting.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.reporting.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.reporting.evaluation.ReadModel.Outcome;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.Problem;
import cn.jixiao.reporting.problem.ProblemType;
import cn.jixiao.reporting.problem.Text;
import cn.jixiao.reporting.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports/evaluations")
@Tag(name = "Inbox", description = "Messages from scoring-service")
@RolesAllowed(Caller.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EvaluationInboxResource {

    @Inject
    Inbox inbox;

    /** What the inbox did with a message. */
    @Schema(name = "Receipt")
    public record Receipt(UUID messageId,
            @Schema(description = "APPLIED: the department's result changed; SUPERSEDED: kept, a newer filing revision counts; "
                    + "NOT_OFFICIAL: kept for comparison, never aggregated; STALE: an older version of an evaluation already held; "
                    + "DUPLICATE: this messageId was received before") Outcome outcome) {
    }

    @POST
    @Operation(summary = "Receive an EvaluationCompleted message",
            description = "Service accounts only. At least once, in any order: idempotent by messageId; per department, fiscal year "
                    + "and cycle the official evaluation of the newest filing revision counts, in its highest evaluationVersion. "
                    + "The result and every aggregate are updated in the same transaction before the answer.")
    @APIResponse(responseCode = "200", description = "Received (also a redelivery); the outcome says what it changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The reports are being rebuilt; deliver again after Retry-After seconds",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Receipt receive(@Valid @NotNull EvaluationMessage message) {
        List<ApiException.Violation> violations = new ArrayList<>();
        if (message.messageId() == null) {
            violations.add(new ApiException.Violation("$.messageId", "required", Text.of("不能为空", "must not be null")));
        }
        if (message.type() == null) {
            violations.add(new ApiException.Violation("$.type", "required", Text.of("不能为空", "must not be null")));
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < message.indicators().size(); i++) {
            if (!codes.add(message.indicators().get(i).code())) {
                violations.add(new ApiException.Violation("$.indicators[" + i + "].code", "duplicate",
                        Text.of("指标编码重复", "duplicate indicator code")));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_INPUT,
                    Text.of("请求数据有 " + violations.size() + " 处不合法", violations.size() + " invalid field(s)"), violations);
        }
        return new Receipt(message.messageId(), inbox.receive(message));
    }
}
