package cn.jixiao.submission.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens this instance has already verified, each with the identity the OIDC check made
 * of it, kept until the token expires (and at most {@code jixiao.security.verified-tokens.ttl}).
 *
 * <p>Why: checking a token's RS256 signature and claims cost about 40% of the service's CPU per
 * request (docs/performance.md, target 2), and a portal sends the same token with every request
 * for minutes. A token that passed the check passes it again until it expires: signature,
 * issuer, audience and claims cannot change, and revocation is not checked for signed tokens
 * either way. The one difference is a signing key withdrawn from the issuer's key set, which
 * Quarkus itself notices only when a token with an unknown key id arrives; the TTL bounds how long a
 * remembered token outlives it.
 *
 * <p>The key is the whole token string, so an identity is only ever given back for the exact
 * token it was made from. The map is bounded; when it is full, expired entries are dropped, and
 * if none have expired it is emptied (every token is then checked again once).
 */
@ApplicationScoped
public class VerifiedTokens {

    /** Where Quarkus OIDC puts a token's expiry (epoch seconds) on the identity it builds. */
    static final String EXPIRE_TIME = "quarkus.identity.expire-time";

    /** Attributes tied to the request that first carried the token; a remembered identity gets the current request's. */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    private record Entry(SecurityIdentity identity, long untilMillis) {
    }

    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();

    @ConfigProperty(name = "jixiao.security.verified-tokens.max-size", defaultValue = "2000")
    int maxSize;

    @ConfigProperty(name = "jixiao.security.verified-tokens.ttl", defaultValue = "PT5M")
    Duration ttl;

    @Inject
    MeterRegistry meters;

    private Counter hits;
    private Counter misses;

    @PostConstruct
    void meters() {
        hits = meters.counter("jixiao.tokens.verified", "outcome", "remembered");
        misses = meters.counter("jixiao.tokens.verified", "outcome", "checked");
    }

    /** The identity of a token verified before and not yet expired, bound to this request; null otherwise. */
    public SecurityIdentity find(String token, RoutingContext request, long nowMillis) {
        Entry e = maxSize > 0 ? byToken.get(token) : null;
        if (e == null) {
            misses.increment();
            return null;
        }
        if (nowMillis >= e.untilMillis()) {
            byToken.remove(token, e);
            misses.increment();
            return null;
        }
        hits.increment();
        QuarkusSecurityIdentity.Builder bound = QuarkusSecurityIdentity.builder(e.identity()).addAttribute(ROUTING_CONTEXT, request);
        Object requestContext = request.get(REQUEST_CONTEXT);
        if (requestContext != null) {
            bound.addAttribute(REQUEST_CONTEXT, requestContext);
        }
        return bound.build();
    }

    /** Remembers the identity the OIDC check made of a token, unless the token has no expiry or has expired. */
    public void remember(String token, SecurityIdentity identity, long nowMillis) {
        if (maxSize <= 0 || identity.isAnonymous() || !(identity.getAttribute(EXPIRE_TIME) instanceof Number expiresAt)) {
            return;
        }
        long until = Math.min(expiresAt.longValue() * 1000, nowMillis + ttl.toMillis());
        if (until <= nowMillis) {
            return;
        }
        if (byToken.size() >= maxSize) {
            byToken.values().removeIf(e -> nowMillis >= e.untilMillis());
            if (byToken.size() >= maxSize) {
                byToken.clear();
            }
        }
        byToken.put(token, new Entry(detached(identity), until));
    }

    int size() {
        return byToken.size();
    }

    /** A copy without the first request's attributes, so the map holds no request (or its body) alive. */
    private static SecurityIdentity detached(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder copy = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions());
        identity.getAttributes().forEach((name, value) -> {
            if (!ROUTING_CONTEXT.equals(name) && !REQUEST_CONTEXT.equals(name)) {
                copy.addAttribute(name, value);
            }
        });
        return copy.build();
    }
}
