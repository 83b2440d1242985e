package cn.jixiao.reporting.rebuild;

import static cn.jixiao.reporting.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.reporting.problem.ApiResponses.PROBLEM;
import static cn.jixiao.reporting.problem.ApiResponses.UNAUTHORIZED;

import cn.jixiao.reporting.problem.Problem;
import cn.jixiao.reporting.rebuild.RebuildService.RebuildReport;
import cn.jixiao.reporting.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports/rebuild")
@Tag(name = "Rebuild", description = "Recreate the read model from scoring-service")
@RolesAllowed(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RebuildResource {

    @Inject
    RebuildService rebuilds;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rebuild every result and aggregate",
            description = "Admins only. Pulls every official evaluation from scoring-service (paged, with a service token), chooses "
                    + "each department's result anew and recomputes every aggregate, in one transaction: readers see the old "
                    + "reports until it commits. Non-official evaluations already received are kept. The rebuilt tables are "
                    + "vacuumed and analyzed before the answer, so that reports are at full speed once it arrives.")
    @APIResponse(responseCode = "200", description = "Rebuilt", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RebuildReport.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is already running", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "scoring-service is unavailable; nothing was changed", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public RebuildReport rebuild() {
        RebuildReport report = rebuilds.rebuild();
        rebuilds.vacuumReadModel();
        return report;
    }
}
