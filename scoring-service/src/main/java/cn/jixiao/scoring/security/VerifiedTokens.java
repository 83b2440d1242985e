package cn.jixiao.scoring.security;

import cn.jixiao.scoring.config.ScoringConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Bearer tokens this instance has already verified, each with the identity the OIDC check made
 * of it, kept until the token expires (and at most {@code jixiao.security.verified-tokens.ttl}).
 *
 * <p>Why: submission-service delivers every batch of submitted filings with the same service
 * token for minutes, and checking its RS256 signature and claims took 10–20% of this service's
 * CPU while it caught up with a deadline's submissions (docs/performance.md, target 4); a
 * reviewer's portal sends one token with every request too. With this service's OIDC settings, whether a token passes depends on the token
 * string alone until it expires: signature, issuer, audience and claims cannot change, and
 * revocation is not checked for signed tokens either way. Settings under which that is not so
 * (token binding, encrypted tokens, a maximum token age, a code-flow application) turn
 * remembering off at start.
 *
 * <p>The key is the whole token string, so an identity is only ever given back for the exact
 * token it was made from. Entries are bounded in number and leave when their token expires.
 */
@ApplicationScoped
public class VerifiedTokens {

    private static final Logger LOG = Logger.getLogger(VerifiedTokens.class);

    /** Where Quarkus OIDC puts a token's expiry (epoch seconds) on the identity it builds. */
    static final String EXPIRE_TIME = "quarkus.identity.expire-time";

    /** Tied to the request that first carried the token; a remembered identity gets the current request's. */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    /** OIDC settings under which a token string that passed once might not pass again. */
    private static final List<String> TOKEN_NOT_ENOUGH = List.of(
            "quarkus.oidc.token.binding.certificate", "quarkus.oidc.token.decrypt-access-token", "quarkus.oidc.token.age");

    private record Entry(SecurityIdentity identity, long untilMillis, long lifeNanos) {
    }

    @Inject
    ScoringConfig settings;

    /** From {@code jixiao.security.verified-tokens}; unit tests set them directly. */
    int maxSize;
    Duration ttl;

    @Inject
    MeterRegistry meters;

    @Inject
    Config config;

    private Cache<String, Entry> byToken;
    private Counter hits;
    private Counter misses;

    @PostConstruct
    void start() {
        if (settings != null) {
            maxSize = settings.security().verifiedTokens().maxSize();
            ttl = settings.security().verifiedTokens().ttl();
        }
        if (config != null && maxSize > 0) {
            Optional<String> why = reasonNotToRemember(config);
            if (why.isPresent()) {
                LOG.warnf("verified tokens are not remembered: %s", why.get());
                maxSize = 0;
            }
        }
        hits = meters.counter("jixiao.tokens.verified", "outcome", "remembered");
        misses = meters.counter("jixiao.tokens.verified", "outcome", "checked");
        byToken = Caffeine.newBuilder()
                .maximumSize(Math.max(maxSize, 0))
                // housekeeping on the calling thread: nothing runs on the common pool
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String token, Entry e, long now) {
                        return e.lifeNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String token, Entry e, long now, long left) {
                        return e.lifeNanos();
                    }

                    @Override
                    public long expireAfterRead(String token, Entry e, long now, long left) {
                        return left;
                    }
                })
                .build();
    }

    static Optional<String> reasonNotToRemember(Config config) {
        String type = config.getOptionalValue("quarkus.oidc.application-type", String.class).orElse("service");
        if (!"service".equalsIgnoreCase(type)) {
            return Optional.of("quarkus.oidc.application-type is " + type);
        }
        for (String key : TOKEN_NOT_ENOUGH) {
            Optional<String> value = config.getOptionalValue(key, String.class);
            if (value.isPresent() && !"false".equalsIgnoreCase(value.get().trim())) {
                return Optional.of(key + " is set");
            }
        }
        return Optional.empty();
    }

    /** The identity of a token verified before and not yet expired, bound to this request; null otherwise. */
    public SecurityIdentity find(String token, RoutingContext request, long nowMillis) {
        Entry e = maxSize > 0 ? byToken.getIfPresent(token) : null;
        if (e == null || nowMillis >= e.untilMillis()) {
            if (e != null) {
                byToken.asMap().remove(token, e);
            }
            misses.increment();
            return null;
        }
        hits.increment();
        return copy(e.identity(), request);
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
        byToken.put(token, new Entry(copy(identity, null), until, TimeUnit.MILLISECONDS.toNanos(until - nowMillis)));
    }

    boolean remembers(String token) {
        return byToken.getIfPresent(token) != null;
    }

    long size() {
        byToken.cleanUp();
        return byToken.estimatedSize();
    }

    /**
     * The identity with the given request in place of the one it was made for (none, for the
     * copy kept in the map: it must not hold a request, or its body, alive).
     */
    private static SecurityIdentity copy(SecurityIdentity identity, RoutingContext request) {
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
        if (request != null) {
            copy.addAttribute(ROUTING_CONTEXT, request);
        }
        return copy.build();
    }
}
