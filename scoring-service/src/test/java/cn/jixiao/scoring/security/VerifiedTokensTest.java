package cn.jixiao.scoring.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.SubmittedFilingBatchTest;
import cn.jixiao.scoring.support.Fixtures;
import cn.jixiao.scoring.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.smallrye.jwt.build.Jwt;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A verified bearer token is checked once and then remembered: submission-service's service
 * token delivers batch after batch without its signature being checked again, a remembered
 * identity keeps exactly the rights of the token it was made from, is given back for that exact
 * token string only, and is forgotten when the token expires.
 */
@QuarkusTest
class VerifiedTokensTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    MeterRegistry meters;

    @Inject
    VerifiedTokens tokens;

    private double remembered() {
        return meters.counter("jixiao.tokens.verified", "outcome", "remembered").count();
    }

    private static String unique(String user, List<String> roles, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("jti", UUID.randomUUID().toString());
        return Tokens.token(user, roles, all);
    }

    @Test
    void theServiceTokenDeliversBatchAfterBatchFromMemoryAndAFilersRememberedTokenStaysAFilers() {
        String service = unique("service-account-submission", List.of("service"), Map.of());
        String dept = Fixtures.department();
        String filer = unique("filer-" + dept, List.of("filer"), Map.of("department", dept));

        double before = remembered();
        SubmittedFilingBatchTest.deliver(service, SubmittedFilingBatchTest.carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept)))
                .then().statusCode(200);
        assertEquals(before, remembered(), "the first delivery checks the token");
        assertTrue(tokens.remembers(service));
        String filingId = null;
        for (int i = 0; i < 2; i++) {
            var message = SubmittedFilingBatchTest.carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept));
            SubmittedFilingBatchTest.deliver(service, message).then().statusCode(200);
            filingId = message.get("filingId").asText();
        }
        assertEquals(before + 2, remembered(), "later deliveries were answered from the remembered identity");

        // a filer's token, remembered after its first request, still may not deliver, and reads
        // its own department's evaluations only
        String otherDept = Fixtures.department();
        var others = SubmittedFilingBatchTest.carrying(otherDept, Fixtures.nextId(), Fixtures.validContent(otherDept));
        SubmittedFilingBatchTest.deliver(service, others).then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(filer).get("/api/v1/evaluations?filingId=" + filingId).then().statusCode(200)
                    .body("items.size()", org.hamcrest.Matchers.equalTo(1));
            given().auth().oauth2(filer).get("/api/v1/evaluations?filingId=" + others.get("filingId").asText()).then().statusCode(200)
                    .body("items.size()", org.hamcrest.Matchers.equalTo(0));
            SubmittedFilingBatchTest.deliver(filer, SubmittedFilingBatchTest.carrying(dept, Fixtures.nextId(), Fixtures.validContent(dept)))
                    .then().statusCode(403);
        }
        assertTrue(tokens.remembers(filer));
    }

    @Test
    void aRememberedTokenNeverAnswersForAnotherString() {
        String token = unique("reviewer-x", List.of("reviewer"), Map.of());
        given().auth().oauth2(token).get("/api/v1/rubrics").then().statusCode(200);
        double before = remembered();
        given().auth().oauth2(token).get("/api/v1/rubrics").then().statusCode(200);
        assertEquals(before + 1, remembered(), "the token is remembered");

        // the first character of the signature (the last ones may only carry padding bits)
        int signature = token.lastIndexOf('.') + 1;
        String otherSignature = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A') + token.substring(signature + 1);
        given().auth().oauth2(otherSignature).get("/api/v1/rubrics").then().statusCode(401);
        // the same signature over other claims (another role)
        String[] parts = token.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"reviewer\"", "\"service\"");
        String otherClaims = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        SubmittedFilingBatchTest.deliver(otherClaims, SubmittedFilingBatchTest.carrying("D1", Fixtures.nextId(), Fixtures.validContent("D1")))
                .then().statusCode(401);
        given().auth().oauth2(token).get("/api/v1/rubrics").then().statusCode(200);
        given().auth().oauth2(Tokens.expired()).get("/api/v1/rubrics").then().statusCode(401);
        assertEquals(before + 2, remembered(), "only the remembered token itself was answered from memory");
    }

    @Test
    void aRememberedTokenIsCheckedAgainOnceItExpires() throws InterruptedException {
        Instant expiresAt = Instant.now().plusSeconds(3);
        String token = Jwt.issuer(Tokens.ISSUER).subject("reviewer-z").preferredUserName("reviewer-z").audience("jixiao-api")
                .claim("realm_access", Map.of("roles", List.of("reviewer"))).claim("jti", UUID.randomUUID().toString())
                .expiresAt(expiresAt).jws().keyId("1").sign("privateKey.jwk");
        given().auth().oauth2(token).get("/api/v1/rubrics").then().statusCode(200);
        assertTrue(tokens.remembers(token));
        while (Instant.now().isBefore(expiresAt.plusMillis(1100))) {
            Thread.sleep(200);
        }
        double before = remembered();
        given().auth().oauth2(token).get("/api/v1/rubrics").then().statusCode(401);
        assertEquals(before, remembered(), "an expired token is never answered from memory");
    }

    @Test
    void settingsUnderWhichTheTokenStringIsNotEnoughTurnRememberingOff() {
        assertTrue(VerifiedTokens.reasonNotToRemember(config(Map.of())).isEmpty());
        assertTrue(VerifiedTokens.reasonNotToRemember(config(Map.of("quarkus.oidc.application-type", "service",
                "quarkus.oidc.token.decrypt-access-token", "false"))).isEmpty());
        for (Map<String, String> setting : List.of(Map.of("quarkus.oidc.application-type", "hybrid"),
                Map.of("quarkus.oidc.application-type", "web-app"),
                Map.of("quarkus.oidc.token.binding.certificate", "true"),
                Map.of("quarkus.oidc.token.decrypt-access-token", "true"),
                Map.of("quarkus.oidc.token.age", "PT60S"))) {
            assertTrue(VerifiedTokens.reasonNotToRemember(config(setting)).isPresent(), setting.toString());
        }
    }

    private static org.eclipse.microprofile.config.Config config(Map<String, String> values) {
        return new io.smallrye.config.SmallRyeConfigBuilder().withDefaultValues(values).build();
    }

    // --- the map itself, with a clock in the arguments --------------------------------------

    /** A request that holds no attributes. */
    private static RoutingContext request() {
        return (RoutingContext) Proxy.newProxyInstance(RoutingContext.class.getClassLoader(), new Class<?>[] {RoutingContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static VerifiedTokens fresh(int maxSize, Duration ttl) {
        VerifiedTokens t = new VerifiedTokens();
        t.maxSize = maxSize;
        t.ttl = ttl;
        t.meters = new SimpleMeterRegistry();
        t.start();
        return t;
    }

    private static SecurityIdentity identity(String name, Long expiresAtSeconds) {
        Principal p = () -> name;
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(p).addRole("filer")
                .addAttribute(RoutingContext.class.getName(), request());
        if (expiresAtSeconds != null) {
            b.addAttribute(VerifiedTokens.EXPIRE_TIME, expiresAtSeconds);
        }
        return b.build();
    }

    @Test
    void anEntryLastsUntilTheTokenExpiresOrTheTtlWhicheverIsFirst() {
        VerifiedTokens t = fresh(10, Duration.ofMinutes(5));
        long now = 1_000_000_000_000L;
        RoutingContext request = request();

        t.remember("a", identity("a", now / 1000 + 60), now);
        assertNotNull(t.find("a", request, now + 59_999));
        assertNull(t.find("a", request, now + 60_000), "gone when the token expires");

        t.remember("b", identity("b", now / 1000 + 3600), now);
        assertNotNull(t.find("b", request, now + 299_999));
        assertNull(t.find("b", request, now + 300_000), "gone after the TTL although the token is still valid");

        t.remember("c", identity("c", null), now);
        assertNull(t.find("c", request, now), "a token without an expiry is never remembered");
        t.remember("d", identity("d", now / 1000 - 1), now);
        assertNull(t.find("d", request, now), "nor an expired one");
    }

    @Test
    void aRememberedIdentityIsBoundToTheCurrentRequestAndKeepsItsRoles() {
        VerifiedTokens t = fresh(10, Duration.ofMinutes(5));
        long now = 1_000_000_000_000L;
        SecurityIdentity first = identity("a", now / 1000 + 60);
        t.remember("a", first, now);
        RoutingContext second = request();
        SecurityIdentity found = t.find("a", second, now);
        assertEquals("a", found.getPrincipal().getName());
        assertTrue(found.hasRole("filer"));
        assertTrue(found.getAttribute(RoutingContext.class.getName()) == second, "the current request, not the first one");
    }

    @Test
    void theMapStaysWithinItsSize() {
        VerifiedTokens t = fresh(3, Duration.ofMinutes(5));
        long now = 1_000_000_000_000L;
        for (int i = 0; i < 10; i++) {
            t.remember("t" + i, identity("t" + i, now / 1000 + 60), now);
            assertTrue(t.size() <= 3, "size " + t.size());
        }
        long found = java.util.stream.IntStream.range(0, 10).filter(i -> t.find("t" + i, request(), now) != null).count();
        assertTrue(found > 0 && found == t.size(), "what is kept is found: " + found + " of " + t.size());
        VerifiedTokens off = fresh(0, Duration.ofMinutes(5));
        off.remember("x", identity("x", now / 1000 + 60), now);
        assertNull(off.find("x", request(), now), "max-size 0 turns remembering off");
    }
}
