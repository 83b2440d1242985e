package cn.jixiao.scoring.filing;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import cn.jixiao.scoring.observability.RequestIds;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The parts of submission-service's API this service reads, with a service token obtained by
 * client credentials. Only {@link SubmissionClient} uses it; paths and bodies follow
 * docs/openapi/submission-service.yaml (checked by SubmissionContractTest).
 */
@RegisterRestClient(configKey = "submission")
@OidcClientFilter
@RegisterClientHeaders(RequestIds.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface SubmissionApi {

    @GET
    @Path("/filings/{id}")
    Filings.Filing filing(@PathParam("id") UUID id);

    @GET
    @Path("/filings/{id}/revisions")
    List<Filings.RevisionSummary> revisions(@PathParam("id") UUID id);

    @GET
    @Path("/filings/{id}/revisions/{n}")
    Filings.Revision revision(@PathParam("id") UUID id, @PathParam("n") int n);

    @GET
    @Path("/filings")
    Filings.FilingPage filings(@QueryParam("departmentCode") String departmentCode, @QueryParam("fiscalYear") int fiscalYear);

    @GET
    @Path("/cycles/{id}")
    Filings.Cycle cycle(@PathParam("id") long id);

    @GET
    @Path("/departments/{code}")
    Filings.Department department(@PathParam("code") String code);
}
