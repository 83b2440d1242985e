package cn.jixiao.scoring.evaluation;

import static cn.jixiao.scoring.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.scoring.problem.ApiResponses.INVALID;
import static cn.jixiao.scoring.problem.ApiResponses.PROBLEM;
import static cn.jixiao.scoring.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.scoring.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.scoring.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.scoring.evaluation.EvaluationApi.DeliveryReceipt;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationPage;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationRequest;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationView;
import cn.jixiao.scoring.evaluation.EvaluationApi.ReviewChangeView;
import cn.jixiao.scoring.evaluation.EvaluationApi.ReviewScoreInput;
import cn.jixiao.scoring.evaluation.EvaluationApi.SubmittedFilings;
import cn.jixiao.scoring.problem.ETags;
import cn.jixiao.scoring.problem.Language;
import cn.jixiao.scoring.problem.Problem;
import cn.jixiao.scoring.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/evaluations")
@Tag(name = "Evaluations", description = "Filings scored with a rubric version: computed, self and review scores side by side, each explained")
@RolesAllowed({Caller.REVIEWER, Caller.ADMIN, Caller.SERVICE, Caller.FILER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EvaluationResource {

    /** The last page asked for: page × size stays an int, as the query's offset must (a larger one was a 500). */
    static final int MAX_PAGE = 1_000_000;

    private static final String NOT_FOUND = "No such evaluation, or one of another department (the same answer for both)";

    @Inject
    EvaluationService evaluations;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Caller.REVIEWER, Caller.SERVICE})
    @Operation(summary = "Score a submitted filing", description = "Reviewers and services (submission-service posts its FilingSubmitted message here). "
            + "Idempotent per filing revision and rubric version: a repeat, even a concurrent one, answers 200 with the evaluation made first. "
            + "Without rubricCode/rubricVersion the cycle's rubric version is used and the evaluation is official; another published version re-scores for comparison.")
    @APIResponse(responseCode = "201", description = "Scored; Location names the evaluation", headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "200", description = "Already scored: the existing evaluation", content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a field that violates its constraints (properties this request does not name are ignored); also an unknown filing or revision, or a rubric version that does not exist or is not published; `errors` names the field", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The filing has no submitted revision yet", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "submission-service could not be reached; retry after the Retry-After seconds", headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response evaluate(@Valid @NotNull EvaluationRequest request) {
        EvaluationService.Outcome outcome = evaluations.evaluate(request, caller.name());
        Evaluation e = outcome.evaluation();
        Response.ResponseBuilder builder = outcome.created()
                ? Response.created(URI.create("/api/v1/evaluations/" + e.id))
                : Response.ok().contentLocation(URI.create("/api/v1/evaluations/" + e.id));
        return builder.tag(ETags.tag(e.version)).entity(evaluations.view(e)).build();
    }

    @POST
    @Path("/batch")
    @RolesAllowed(Caller.SERVICE)
    @Operation(summary = "Score a batch of FilingSubmitted messages", description = "Services only: submission-service's outbox delivers its messages here, up to "
            + EvaluationApi.MAX_BATCH + " at a time. A message that carries the submitted content (and says it looked up last year's filing) is scored without calling back; "
            + "an older one is read back from submission-service. Every message is answered on its own, in the order sent: 201 scored, 200 already scored "
            + "(idempotent per filing revision and rubric version), 400 refused for good (the problem names the field by its path in the batch), 503 retry later, "
            + "500 a failure of ours on that message alone (a bug: the problem gives an incident id; retry later), the others of the batch scored.")
    @APIResponse(responseCode = "200", description = "One outcome per message", content = @Content(schema = @Schema(implementation = DeliveryReceipt.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or no messages / more than " + EvaluationApi.MAX_BATCH + "; `errors` names the field", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public DeliveryReceipt batch(@Valid @NotNull SubmittedFilings batch, @Context HttpHeaders headers, @Context UriInfo uri) {
        Language lang = Language.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return new DeliveryReceipt(evaluations.receive(batch.messages(), caller.name(), lang, uri.getRequestUri().getRawPath()));
    }

    @GET
    @Transactional
    @Operation(summary = "List evaluations", description = "Reviewers, admins and services see all (reporting rebuilds its read model from these pages); filers only their own department's, whatever the query says. "
            + "Items are the EvaluationCompleted message bodies, oldest first.")
    @APIResponse(responseCode = "200", description = "One page of evaluations", content = @Content(schema = @Schema(implementation = EvaluationPage.class)))
    @APIResponse(responseCode = "400", description = "A query parameter out of range", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public EvaluationPage list(@QueryParam("filingId") UUID filingId,
            @QueryParam("fiscalYear") Integer fiscalYear,
            @QueryParam("official") Boolean official,
            @Parameter(description = "true: only the evaluations that count, as the reports take them (official, of each filing's newest "
                    + "revision that has one: a filing returned and submitted again has one official evaluation per revision); "
                    + "false: only those that do not") @QueryParam("counting") Boolean counting,
            @QueryParam("departmentCode") String departmentCode,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(500) int size) {
        return evaluations.list(filingId, fiscalYear, official, counting, departmentCode, page, size);
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "Read an evaluation", description = "The breakdown: per indicator the computed score (or why it is not computable), not-applicable treatment, self, review and final score, flags and the explanation; subtotals, total, grade. The ETag header carries its version.")
    @APIResponse(responseCode = "200", description = "The evaluation", headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") UUID id) {
        Evaluation e = evaluations.readable(id);
        return Response.ok(evaluations.view(e)).tag(ETags.tag(e.version)).build();
    }

    @PUT
    @Path("/{id}/review-scores")
    @RolesAllowed(Caller.REVIEWER)
    @Operation(summary = "Enter review scores", description = "Reviewers only. Sets (or, with a null score, withdraws) the review score of the given indicators; final scores, subtotals, total and grade follow. "
            + "Every change is recorded in an append-only history and announced to reporting-service. Needs If-Match with the ETag last read.")
    @APIResponse(responseCode = "200", description = "Saved; the new ETag is in the header", headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The evaluation is of a filing revision that a newer one replaced: it counts for no report; "
            + "the Link header (rel=\"successor-version\") names the evaluation to review", headers = @Header(name = "Link", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "An unknown indicator, a score outside [0, points], or an indicator given twice; `errors` names each", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response review(@PathParam("id") UUID id,
            @Parameter(description = "The ETag of the evaluation as last read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull List<@Valid @NotNull ReviewScoreInput> scores) {
        Evaluation e = evaluations.review(id, ifMatch, scores, caller.name());
        return Response.ok(evaluations.view(e)).tag(ETags.tag(e.version)).build();
    }

    @GET
    @Path("/{id}/review-scores/history")
    @Transactional
    @Operation(summary = "Review-score history", description = "Every change of a review score: who, when, from what to what, and why.")
    @APIResponse(responseCode = "200", description = "The changes, oldest first")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<ReviewChangeView> history(@PathParam("id") UUID id) {
        return evaluations.history(id);
    }
}
