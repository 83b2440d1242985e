package cn.jixiao.reporting.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import cn.jixiao.reporting.observability.RequestIds;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of scoring-service's API this service calls, with a service token obtained by client
 * credentials. Only {@link ScoringEvaluations} uses it.
 */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@RegisterClientHeaders(RequestIds.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface ScoringApi {

    /** One page of evaluations: {items, page, size, totalItems, totalPages}. */
    @GET
    @Path("/evaluations")
    JsonNode evaluations(@QueryParam("official") boolean official, @QueryParam("page") int page, @QueryParam("size") int size);
}
