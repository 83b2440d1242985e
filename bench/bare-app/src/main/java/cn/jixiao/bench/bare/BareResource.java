package cn.jixiao.bench.bare;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The least a service can do for the two benchmarked operations: check the bearer token (same
 * OIDC settings as the services), then read one row by primary key, or parse a JSON body and
 * store it in a text column through Hibernate, as submission-service stores a filing's content.
 */
@Path("/bare/rows")
@RolesAllowed({"filer", "reviewer", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BareResource {

    public record RowView(UUID id, @JsonRawValue String doc, OffsetDateTime createdAt) {
    }

    @Inject
    ObjectMapper mapper;

    @GET
    @Path("/{id}")
    @Transactional
    public RowView get(@PathParam("id") UUID id) {
        BareRow row = BareRow.findById(id);
        if (row == null) {
            throw new NotFoundException();
        }
        return new RowView(row.id, row.doc, row.createdAt);
    }

    @POST
    @Transactional
    public Response create(JsonNode body) throws JsonProcessingException {
        BareRow row = new BareRow();
        row.id = UUID.randomUUID();
        row.doc = mapper.writeValueAsString(body);
        row.createdAt = OffsetDateTime.now();
        row.persist();
        return Response.created(URI.create("/bare/rows/" + row.id)).entity(new RowView(row.id, null, row.createdAt)).build();
    }
}
