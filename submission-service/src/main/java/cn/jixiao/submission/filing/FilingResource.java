package cn.jixiao.submission.filing;

import static cn.jixiao.submission.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.submission.problem.ApiResponses.INVALID;
import static cn.jixiao.submission.problem.ApiResponses.PROBLEM;
import static cn.jixiao.submission.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.submission.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.submission.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.submission.filing.FilingApi.FilingCreate;
import cn.jixiao.submission.filing.FilingApi.FilingPage;
import cn.jixiao.submission.filing.FilingApi.FilingUpdate;
import cn.jixiao.submission.filing.FilingApi.FilingView;
import cn.jixiao.submission.filing.FilingApi.HistoryEntryView;
import cn.jixiao.submission.filing.FilingApi.ReopenRequest;
import cn.jixiao.submission.filing.FilingApi.ReturnRequest;
import cn.jixiao.submission.filing.FilingApi.RevisionSummary;
import cn.jixiao.submission.filing.FilingApi.RevisionView;
import cn.jixiao.submission.filing.FilingApi.ValidationProblem;
import cn.jixiao.submission.filing.FilingApi.ValidationReport;
import cn.jixiao.submission.history.FilingHistory;
import cn.jixiao.submission.problem.Language;
import cn.jixiao.submission.problem.Problem;
import cn.jixiao.submission.security.Caller;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/filings")
@Tag(name = "Filings", description = "Department self-evaluations (部门整体支出绩效自评) from draft to accepted")
@RolesAllowed({Caller.FILER, Caller.REVIEWER, Caller.ADMIN, Caller.SERVICE})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FilingResource {

    /** The last page asked for: page × size stays an int, as the query's offset must (a larger one was a 500). */
    static final int MAX_PAGE = 1_000_000;

    private static final String NOT_FOUND = "No such filing, or one of another department (the same answer for both)";
    private static final String IF_MATCH = "The ETag of the filing as last read";

    @Inject
    FilingService filings;

    @Inject
    FilingHistory history;

    @GET
    @Transactional
    @Operation(summary = "List filings", description = "Filers see only their own department, whatever the query says; reviewers, admins and services see all. Paged, newest fiscal year first.")
    @APIResponse(responseCode = "200", description = "One page of filing summaries")
    @APIResponse(responseCode = "400", description = "A query parameter out of range", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public FilingPage list(@QueryParam("departmentCode") String departmentCode,
            @QueryParam("fiscalYear") Integer fiscalYear,
            @QueryParam("cycleId") Long cycleId,
            @QueryParam("status") Filing.Status status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        // typed values are read by QueryParameters: a malformed one is a 400 naming it, not JAX-RS's 404
        return filings.list(departmentCode, fiscalYear, cycleId, status, page, size);
    }

    @POST
    @RolesAllowed(Caller.FILER)
    @Operation(summary = "Start a draft filing", description = "Filers only, for their own department; one filing per department and cycle. The content may be incomplete.")
    @APIResponse(responseCode = "201", description = "Draft created; ETag header set",
            headers = @Header(name = "ETag", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "400", description = INVALID + "; also an unknown cycle", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN + "; also a departmentCode other than the token's", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The department already has a filing in this cycle (Location names it), or the department is not registered", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull FilingCreate request) {
        FilingView view = filings.create(request.cycleId(), request.departmentCode(), request.content());
        return Response.created(URI.create("/api/v1/filings/" + view.id()))
                .tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(view.version())))
                .entity(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a filing", description = "With its computed department totals; the ETag header carries its version.")
    @APIResponse(responseCode = "200", description = "The filing",
            headers = @Header(name = "ETag", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") UUID id) {
        FilingView view = filings.read(id);
        return Response.ok(view).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(view.version()))).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Caller.FILER)
    @Operation(summary = "Save a draft", description = "Replaces the content of a DRAFT or RETURNED filing. Needs If-Match with the ETag last read.")
    @APIResponse(responseCode = "200", description = "Saved; the new ETag is in the header", content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The filing is submitted or accepted: a submitted revision never changes", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("id") UUID id,
            @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull FilingUpdate request) {
        Filing f = filings.update(id, ifMatch, request.content());
        return withETag(Response.ok(filings.view(f)), f).build();
    }

    @GET
    @Path("/{id}/validation")
    @Transactional
    @Operation(summary = "Check a filing", description = "Every consistency problem of the current content, field by field (JSON path). Empty when the filing can be submitted.")
    @APIResponse(responseCode = "200", description = "The problems found", content = @Content(schema = @Schema(implementation = ValidationReport.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public ValidationReport validation(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Filing f = filings.readable(id);
        Language lang = Language.fromAcceptLanguage(acceptLanguage);
        List<ValidationProblem> problems = filings.validate(f).stream()
                .map(v -> new ValidationProblem(v.field(), v.code(), v.message().in(lang)))
                .toList();
        return new ValidationReport(f.id, f.revision, problems.isEmpty(), problems);
    }

    @POST
    @Path("/{id}/submit")
    @RolesAllowed(Caller.FILER)
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit", description = "Freezes the current content as a revision and announces it for scoring. Filers of the department only; before the cycle's deadline unless a reviewer reopened the filing.")
    @APIResponse(responseCode = "200", description = "Submitted", content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not in DRAFT or RETURNED, or the deadline has passed", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The filing has problems; `errors` lists all of them", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response submit(@PathParam("id") UUID id, @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        FilingView view = filings.submit(id, ifMatch);
        return Response.ok(view).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(view.version()))).build();
    }

    @POST
    @Path("/{id}/return")
    @RolesAllowed(Caller.REVIEWER)
    @Operation(summary = "Return to the department", description = "Reviewers only. The filer may edit and resubmit it as the next revision, until resubmitUntil.")
    @APIResponse(responseCode = "200", description = "Returned", content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not SUBMITTED", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response returnToFiler(@PathParam("id") UUID id, @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ReturnRequest request) {
        Filing f = filings.returnToFiler(id, ifMatch, request.reason(), request.resubmitUntil());
        return withETag(Response.ok(filings.view(f)), f).build();
    }

    @POST
    @Path("/{id}/accept")
    @RolesAllowed(Caller.REVIEWER)
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Accept", description = "Reviewers only; the submitted revision becomes final.")
    @APIResponse(responseCode = "200", description = "Accepted", content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not SUBMITTED", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response accept(@PathParam("id") UUID id, @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Filing f = filings.accept(id, ifMatch);
        return withETag(Response.ok(filings.view(f)), f).build();
    }

    @POST
    @Path("/{id}/reopen")
    @RolesAllowed(Caller.REVIEWER)
    @Operation(summary = "Reopen after the deadline", description = "Reviewers only: lets the department submit a DRAFT or RETURNED filing until the given time.")
    @APIResponse(responseCode = "200", description = "Reopened", content = @Content(schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not DRAFT or RETURNED", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response reopen(@PathParam("id") UUID id, @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ReopenRequest request) {
        Filing f = filings.reopen(id, ifMatch, request.until(), request.reason());
        return withETag(Response.ok(filings.view(f)), f).build();
    }

    @GET
    @Path("/{id}/revisions")
    @Transactional
    @Operation(summary = "List submitted revisions")
    @APIResponse(responseCode = "200", description = "Every submitted revision, oldest first")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<RevisionSummary> revisions(@PathParam("id") UUID id) {
        return filings.revisions(id).stream()
                .map(r -> new RevisionSummary(r.revision, r.contentSha256, r.submittedAt, r.submittedBy))
                .toList();
    }

    @GET
    @Path("/{id}/revisions/{n}")
    @Transactional
    @Operation(summary = "Read a submitted revision", description = "Exactly as it was submitted, with its SHA-256 and computed totals.")
    @APIResponse(responseCode = "200", description = "The revision", content = @Content(schema = @Schema(implementation = RevisionView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or no such revision", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public RevisionView revision(@PathParam("id") UUID id, @PathParam("n") int n) {
        return filings.revision(id, n);
    }

    @GET
    @Path("/{id}/history")
    @Transactional
    @Operation(summary = "The filing's history", description = "Every change: who, department, action, time, revision and SHA-256 of the content. Append-only.")
    @APIResponse(responseCode = "200", description = "Oldest first")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<HistoryEntryView> history(@PathParam("id") UUID id) {
        filings.readable(id);
        return history.of(id).stream()
                .map(e -> new HistoryEntryView(e.id, e.revision, e.action, e.actor, e.actorDepartment, e.at, e.contentSha256, e.detail))
                .toList();
    }

    private static Response.ResponseBuilder withETag(Response.ResponseBuilder builder, Filing f) {
        return builder.tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(f.version)));
    }
}
