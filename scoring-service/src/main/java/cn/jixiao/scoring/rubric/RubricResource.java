package cn.jixiao.scoring.rubric;

import static cn.jixiao.scoring.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.scoring.problem.ApiResponses.INVALID;
import static cn.jixiao.scoring.problem.ApiResponses.PROBLEM;
import static cn.jixiao.scoring.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.scoring.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.scoring.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.scoring.problem.ETags;
import cn.jixiao.scoring.problem.Problem;
import cn.jixiao.scoring.rubric.RubricApi.Diff;
import cn.jixiao.scoring.rubric.RubricApi.RubricCreate;
import cn.jixiao.scoring.rubric.RubricApi.RubricSummary;
import cn.jixiao.scoring.rubric.RubricApi.VersionCreate;
import cn.jixiao.scoring.rubric.RubricApi.VersionSummary;
import cn.jixiao.scoring.rubric.RubricApi.VersionView;
import cn.jixiao.scoring.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/rubrics")
@Tag(name = "Rubrics", description = "Rubric versions (评分表): drafts edited by admins, published versions frozen forever")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RubricResource {

    private static final String NO_VERSION = "No such rubric or version";

    @Inject
    RubricService rubrics;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "List rubrics", description = "Any authenticated caller; every rubric with its versions.")
    @APIResponse(responseCode = "200", description = "The rubrics")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<RubricSummary> list() {
        return rubrics.list();
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    @Transactional
    @Operation(summary = "Create a rubric", description = "Admin only. Creates the rubric and its first draft version (1), empty or with the given content.")
    @APIResponse(responseCode = "201", description = "Created; Location names draft version 1", headers = @Header(name = "ETag", description = "Names this version in If-Match", schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A rubric with this code exists", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The content has problems: a formula with bad syntax or naming a field the filing does not have, a rule without its parameters, a malformed tree; `errors` names each", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull RubricCreate request) {
        RubricVersion v = rubrics.create(request, caller.name());
        return Response.created(URI.create("/api/v1/rubrics/" + v.rubricCode + "/versions/" + v.version)).entity(rubrics.view(v))
                .tag(etag(v)).build();
    }

    @GET
    @Path("/{code}/versions")
    @Operation(summary = "List the versions of a rubric")
    @APIResponse(responseCode = "200", description = "The versions, oldest first")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such rubric", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public List<VersionSummary> versions(@PathParam("code") String code) {
        return rubrics.versions(code);
    }

    @POST
    @Path("/{code}/versions")
    @RolesAllowed(Caller.ADMIN)
    @Transactional
    @Operation(summary = "Start a new draft version", description = "Admin only. The content is given, or copied from `copyFrom` (default: the latest version).")
    @APIResponse(responseCode = "201", description = "Draft created", headers = @Header(name = "ETag", description = "Names this version in If-Match", schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "400", description = INVALID + "; also an unknown copyFrom version, or copyFrom and definition both given", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such rubric", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The given content has problems; `errors` names each", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response newVersion(@PathParam("code") String code, @Valid VersionCreate request) {
        RubricVersion v = rubrics.newVersion(code, request, caller.name());
        return Response.created(URI.create("/api/v1/rubrics/" + code + "/versions/" + v.version)).entity(rubrics.view(v)).tag(etag(v)).build();
    }

    @GET
    @Path("/{code}/versions/{version}")
    @Transactional
    @Operation(summary = "Read a rubric version", description = "Any authenticated caller, services included: the indicator tree (level-3 leaves with rule and standard), policies and, once published, the content hash.")
    @APIResponse(responseCode = "200", description = "The version", headers = @Header(name = "ETag", description = "Names this version in If-Match", schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NO_VERSION, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("code") String code, @PathParam("version") int version) {
        RubricVersion v = rubrics.get(code, version);
        return Response.ok(rubrics.view(v)).tag(etag(v)).build();
    }

    /** The version's ETag: its count of saves and publish, which PUT and publish must name in If-Match. */
    private static EntityTag etag(RubricVersion v) {
        return ETags.tag(v.edits);
    }

    @PUT
    @Path("/{code}/versions/{version}")
    @RolesAllowed(Caller.ADMIN)
    @Transactional
    @Operation(summary = "Save a draft version", description = "Admin only; drafts only; needs If-Match with the ETag last read (two admins editing one draft never overwrite each other unseen). Every formula is checked: its syntax, and that each field it names exists in the filing. The body may be the version as read with GET, changed: its read-only fields (code, version, status, contentHash, totalPoints, createdAt, createdBy, updatedAt, publishedAt, publishedBy) are ignored, as the URL names the version; any other field outside the content is refused.")
    @APIResponse(responseCode = "200", description = "Saved", headers = @Header(name = "ETag", description = "Names this version in If-Match", schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NO_VERSION, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The version is published and never changes", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version: another admin changed it since it was read", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The content has problems; `errors` names the indicator and the field of each", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("code") String code, @PathParam("version") int version,
            @Parameter(description = "The ETag of the version as last read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull RubricDefinition definition) {
        RubricVersion v = rubrics.update(code, version, ifMatch, definition);
        return Response.ok(rubrics.view(v)).tag(etag(v)).build();
    }

    @POST
    @Path("/{code}/versions/{version}/publish")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @Operation(summary = "Publish a draft", description = "Admin only; needs If-Match with the ETag last read, so that what is published is the content its publisher read. Freezes the version forever and stamps the SHA-256 of its canonical JSON. Each level's children must add up to the parent's points.")
    @APIResponse(responseCode = "200", description = "Published", headers = @Header(name = "ETag", description = "Names this version in If-Match", schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NO_VERSION, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already published", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version: another admin changed it since it was read", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The content is incomplete: points do not add up, or a rule is invalid", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response publish(@PathParam("code") String code, @PathParam("version") int version,
            @Parameter(description = "The ETag of the version as last read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        RubricVersion v = rubrics.publish(code, version, ifMatch, caller.name());
        return Response.ok(rubrics.view(v)).tag(etag(v)).build();
    }

    @GET
    @Path("/{code}/versions/{version}/diff")
    @Operation(summary = "Compare two versions", description = "Indicators added, removed, or with changed points, rule, name, standard or parent; and version-level settings that changed.")
    @APIResponse(responseCode = "200", description = "The differences", content = @Content(schema = @Schema(implementation = Diff.class)))
    @APIResponse(responseCode = "400", description = "`against` missing", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NO_VERSION, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Diff diff(@PathParam("code") String code, @PathParam("version") int version,
            @Parameter(description = "The version to compare with", required = true) @QueryParam("against") @NotNull Integer against) {
        return rubrics.diff(code, version, against);
    }
}
