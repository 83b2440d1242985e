package cn.jixiao.submission.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.security.Principal;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A verified bearer token is checked once and then remembered: the remembered identity keeps
 * the token's roles and department, is given back for that exact token only, and is forgotten
 * when the token expires.
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

    private static String uniqueFiler(String department) {
        return Tokens.token("filer-" + department, List.of("filer"), Map.of("department", department, "jti", UUID.randomUUID().toString()));
    }

    @Test
    void theSecondRequestIsAnsweredFromTheRememberedIdentityWithTheSameRightsAsTheFirst() {
        Fixtures.stubScoring(wiremock);
        long cycle = Fixtures.openCycle();
        String mine = Fixtures.department();
        String theirs = Fixtures.department();
        String theirFiling = Fixtures.draft(theirs, cycle, null).jsonPath().getString("id");
        String token = uniqueFiler(mine);

        double before = remembered();
        String own = given().auth().oauth2(token).contentType("application/json")
                .body("{\"cycleId\":" + cycle + ",\"content\":{}}").post("/api/v1/filings")
                .then().statusCode(201).extract().path("id");
        assertEquals(before, remembered(), "the first request checks the token");
        assertTrue(tokens.remembers(token));

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).get("/api/v1/filings/" + own).then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/filings/" + theirFiling).then().statusCode(404);
            given().auth().oauth2(token).contentType("application/json").body("{\"code\":\"X" + i + "\",\"name\":\"x\",\"group\":\"g\",\"subUnits\":[]}")
                    .post("/api/v1/departments").then().statusCode(403);
        }
        assertEquals(before + 6, remembered(), "every later request was answered from the remembered identity");
    }

    @Test
    void aRememberedTokenNeverAnswersForAnotherString() {
        String token = Tokens.token("reviewer-x", List.of("reviewer"), Map.of("jti", UUID.randomUUID().toString()));
        given().auth().oauth2(token).get("/api/v1/cycles").then().statusCode(200);
        double before = remembered();
        given().auth().oauth2(token).get("/api/v1/cycles").then().statusCode(200);
        assertEquals(before + 1, remembered(), "the token is remembered");

        // the first character of the signature (the last ones may only carry padding bits)
        int signature = token.lastIndexOf('.') + 1;
        String otherSignature = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A') + token.substring(signature + 1);
        given().auth().oauth2(otherSignature).get("/api/v1/cycles").then().statusCode(401);
        // the same signature over other claims (another user name)
        String[] parts = token.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("reviewer-x", "reviewer-y");
        String otherClaims = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        given().auth().oauth2(otherClaims).get("/api/v1/cycles").then().statusCode(401);
        given().auth().oauth2(token).get("/api/v1/cycles").then().statusCode(200);
        given().auth().oauth2(Tokens.expired()).get("/api/v1/cycles").then().statusCode(401);
        assertEquals(before + 2, remembered(), "only the remembered token itself was answered from memory");
    }

    @Test
    void aRememberedTokenIsCheckedAgainOnceItExpires() throws InterruptedException {
        Instant expiresAt = Instant.now().plusSeconds(3);
        String token = Jwt.issuer(Tokens.ISSUER).subject("reviewer-z").preferredUserName("reviewer-z").audience("jixiao-api")
                .claim("realm_access", Map.of("roles", List.of("reviewer"))).claim("jti", UUID.randomUUID().toString())
                .expiresAt(expiresAt).jws().keyId("1").sign("privateKey.jwk");
        given().auth().oauth2(token).get("/api/v1/cycles").then().statusCode(200);
        assertTrue(tokens.remembers(token));
        while (Instant.now().isBefore(expiresAt.plusMillis(1100))) {
            Thread.sleep(200);
        }
        double before = remembered();
        given().auth().oauth2(token).get("/api/v1/cycles").then().statusCode(401);
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
