package cn.jixiao.reporting.support;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;

/**
 * Real RS256 tokens signed with the key the WireMock issuer publishes, carrying the claims of
 * our token contract: realm roles, department, departments, audience jixiao-api.
 */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";

    private Tokens() {
    }

    public static String filer(String department) {
        return token("filer-" + department, List.of("filer"), Map.of("department", department));
    }

    public static String reviewer() {
        return token("reviewer1", List.of("reviewer"), Map.of());
    }

    public static String admin() {
        return token("admin1", List.of("admin"), Map.of());
    }

    public static String viewer() {
        return token("viewer1", List.of("viewer"), Map.of());
    }

    public static String service() {
        return token("service-account-scoring", List.of("service"), Map.of());
    }

    public static String integration(String... departments) {
        return token("ledger-system", List.of("integration"), Map.of("departments", List.of(departments)));
    }

    public static String token(String user, List<String> roles, Map<String, Object> claims) {
        var builder = Jwt.issuer(ISSUER)
                .subject(user)
                .preferredUserName(user)
                .audience("jixiao-api")
                .claim("realm_access", Map.of("roles", roles))
                .expiresIn(3600);
        claims.forEach(builder::claim);
        return builder.jws().keyId("1").sign("privateKey.jwk");
    }

    public static String wrongAudience() {
        return Jwt.issuer(ISSUER).subject("x").audience("another-api")
                .claim("realm_access", Map.of("roles", List.of("admin"))).expiresIn(3600)
                .jws().keyId("1").sign("privateKey.jwk");
    }

    public static String expired() {
        return Jwt.issuer(ISSUER).subject("x").audience("jixiao-api")
                .claim("realm_access", Map.of("roles", List.of("admin")))
                .issuedAt(java.time.Instant.now().minusSeconds(7200)).expiresAt(java.time.Instant.now().minusSeconds(3600))
                .jws().keyId("1").sign("privateKey.jwk");
    }
}
