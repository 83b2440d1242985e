package cn.jixiao.submission.cycle;

import static cn.jixiao.submission.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.submission.problem.ApiResponses.INVALID;
import static cn.jixiao.submission.problem.ApiResponses.PROBLEM;
import static cn.jixiao.submission.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.submission.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.submission.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.submission.cycle.CycleApi.CycleRequest;
import cn.jixiao.submission.cycle.CycleApi.CycleView;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.Problem;
import cn.jixiao.submission.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cycles")
@Tag(name = "Cycles", description = "Evaluation cycles (评价批次): fiscal year, deadline, rubric version")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CycleResource {

    @Inject
    CycleService cycles;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "List cycles", description = "Any authenticated caller; newest fiscal year first.")
    @APIResponse(responseCode = "200", description = "The cycles")
    @APIResponse(responseCode = "400", description = "`fiscalYear` is not an integer", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<CycleView> list(@QueryParam("fiscalYear") Integer fiscalYear) {
        return cycles.list(fiscalYear).stream().map(cycles::view).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a cycle")
    @APIResponse(responseCode = "200", description = "The cycle")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such cycle", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public CycleView get(@PathParam("id") long id) {
        return cycles.find(id).map(cycles::view).orElseThrow(() -> ApiException.notFound("cycle", id));
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Open a cycle", description = "Admin only. Binds a published rubric version of scoring-service; its indicator points are copied into the cycle.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "400", description = INVALID + "; also an unknown or unpublished rubric version", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "scoring-service could not be reached to read the rubric; retry after the Retry-After seconds", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull CycleRequest request) {
        EvaluationCycle c = cycles.create(request, caller.name());
        return Response.created(URI.create("/api/v1/cycles/" + c.id)).entity(cycles.view(c)).build();
    }
}
