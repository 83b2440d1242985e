package cn.jixiao.scoring.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import cn.jixiao.scoring.observability.RequestIds;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** reporting-service's receiver of "EvaluationCompleted", called with a service token. Only {@link ReportingClient} uses it. */
@RegisterRestClient(configKey = "reporting")
@OidcClientFilter
@RegisterClientHeaders(RequestIds.class)
@Path("/api/v1/reports")
interface ReportingApi {

    @POST
    @Path("/evaluations")
    @Consumes(MediaType.APPLICATION_JSON)
    Response evaluationCompleted(JsonNode message);
}
