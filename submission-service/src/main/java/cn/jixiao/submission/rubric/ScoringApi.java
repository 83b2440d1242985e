package cn.jixiao.submission.rubric;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import cn.jixiao.submission.observability.RequestIds;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The parts of scoring-service's API this service calls, with a service token obtained by
 * client credentials. Only {@link RubricCatalog} and the outbox's delivery use it.
 */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@RegisterClientHeaders(RequestIds.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface ScoringApi {

    @GET
    @Path("/rubrics/{code}/versions/{version}")
    JsonNode rubricVersion(@PathParam("code") String code, @PathParam("version") int version);

    /** The rubric's versions, oldest first; 404 when there is no such rubric. */
    @GET
    @Path("/rubrics/{code}/versions")
    JsonNode versions(@PathParam("code") String code);

    /**
     * Up to 100 FilingSubmitted messages, {@code {"messages":[…]}} as JSON text (the outbox joins
     * the stored payloads without parsing them); answers one outcome per message, in order.
     */
    @POST
    @Path("/evaluations/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode filingsSubmitted(String batch);
}
