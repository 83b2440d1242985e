package cn.jixiao.scoring.outbox;

import static cn.jixiao.scoring.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.scoring.problem.ApiResponses.PROBLEM;
import static cn.jixiao.scoring.problem.ApiResponses.UNAUTHORIZED;

import cn.jixiao.scoring.problem.Problem;
import cn.jixiao.scoring.security.Caller;
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

@Path("/api/v1/outbox")
@Tag(name = "Outbox", description = "Operations on the messages to other services")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    /** How many parked messages were put back in line. */
    @Schema(name = "RequeueResult")
    public record RequeueResult(int requeued) {
    }

    @Inject
    OutboxDispatcher dispatcher;

    @POST
    @Path("/requeue-parked")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Re-queue parked messages", description = "Admin only. Messages the receiver refused for good (a 4xx) are parked; once the cause is fixed (e.g. reporting-service fixed), this puts them back in line for delivery.")
    @APIResponse(responseCode = "200", description = "How many were re-queued", content = @Content(schema = @Schema(implementation = RequeueResult.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public RequeueResult requeueParked() {
        return new RequeueResult(dispatcher.requeueParked());
    }
}
