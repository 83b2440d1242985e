package cn.jixiao.submission.department;

import static cn.jixiao.submission.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.submission.problem.ApiResponses.INVALID;
import static cn.jixiao.submission.problem.ApiResponses.PROBLEM;
import static cn.jixiao.submission.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.submission.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.submission.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.submission.department.DepartmentApi.DepartmentRequest;
import cn.jixiao.submission.department.DepartmentApi.DepartmentUpdate;
import cn.jixiao.submission.department.DepartmentApi.DepartmentView;
import cn.jixiao.submission.filing.ETags;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/departments")
@Tag(name = "Departments", description = "Budget units (部门) and their sub-units")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DepartmentResource {

    @Inject
    DepartmentService departments;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.REVIEWER, Caller.SERVICE})
    @Operation(summary = "List departments", description = "Admins, reviewers and services.")
    @APIResponse(responseCode = "200", description = "All departments, by code")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<DepartmentView> list() {
        return departments.list().stream().map(DepartmentView::of).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "Get a department", description = "Admins, reviewers and services read any; a filer or an integration account reads only its own.")
    @APIResponse(responseCode = "200", description = "The department with its sub-units; `ETag` its version, for If-Match on PUT",
            headers = @Header(name = "ETag", description = "The department's version"), content = @Content(schema = @Schema(implementation = DepartmentView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such department, or not the caller's", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("code") String code) {
        boolean allowed = caller.seesAllDepartments()
                // a department claim counts for filers only, as everywhere else (Caller.mayRead)
                || (caller.has(Caller.FILER) && code.equals(caller.department()))
                || (caller.has(Caller.INTEGRATION) && caller.integrationDepartments().contains(code));
        if (!allowed) {
            throw ApiException.notFound("department", code);
        }
        Department d = departments.find(code).orElseThrow(() -> ApiException.notFound("department", code));
        return Response.ok(DepartmentView.of(d)).header("ETag", ETags.of(d.version)).build();
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Register a department", description = "Admin only.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = DepartmentView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A department with this code exists", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull DepartmentRequest request) {
        Department d = departments.create(request);
        return Response.created(URI.create("/api/v1/departments/" + d.code)).entity(DepartmentView.of(d)).build();
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Replace a department's name, group and sub-units", description = "Admin only. Send the ETag read with "
            + "If-Match to change only the version read: without it the last of two concurrent changes wins.")
    @APIResponse(responseCode = "200", description = "Updated; `ETag` the new version",
            headers = @Header(name = "ETag", description = "The department's version"), content = @Content(schema = @Schema(implementation = DepartmentView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such department", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names another version: another admin changed the department since it was read",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("code") String code,
            @Parameter(description = "The ETag read; optional") @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull DepartmentUpdate request) {
        Department d = departments.update(code, ifMatch, request);
        return Response.ok(DepartmentView.of(d)).header("ETag", ETags.of(d.version)).build();
    }
}
