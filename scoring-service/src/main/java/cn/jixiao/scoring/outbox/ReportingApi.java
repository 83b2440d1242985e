package cn.jixiao.scoring.outbox;

import cn.jixiao.scoring.observability.RequestIds;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** reporting-service's receiver of "EvaluationCompleted", called with a service token. Only {@link ReportingClient} uses it. */
@RegisterRestClient(configKey = "reporting")
@OidcClientFilter
@RegisterClientHeaders(RequestIds.class)
@Path("/api/v1/reports")
interface ReportingApi {

    /**
     * A batch {@code {"messages":[…]}} given as JSON text: the stored messages are joined as
     * they are, not parsed and written again. Answers one outcome per message.
     */
    @POST
    @Path("/evaluations/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode evaluationsCompleted(String batch);
}
