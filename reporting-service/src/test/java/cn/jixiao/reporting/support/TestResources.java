package cn.jixiao.reporting.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The module's shared test resources: one PostgreSQL and one OIDC issuer (WireMock, serving the
 * keys our tokens are signed with) for every @QuarkusTest, so the application starts once.
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestResources {

    private TestResources() {
    }
}
