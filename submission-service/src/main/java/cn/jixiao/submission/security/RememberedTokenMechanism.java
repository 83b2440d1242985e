package cn.jixiao.submission.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose bearer token was verified before from {@link VerifiedTokens}; for any
 * other request it steps aside (an empty result) and the OIDC mechanism, tried next, checks the
 * token and sends the challenge.
 */
@ApplicationScoped
public class RememberedTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    VerifiedTokens tokens;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        SecurityIdentity known = token == null ? null : tokens.find(token, context, System.currentTimeMillis());
        return known == null ? Uni.createFrom().nullItem() : Uni.createFrom().item(known);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    /** The OIDC mechanism's priority ({@code quarkus.oidc.priority}, 1001 unless set). */
    @ConfigProperty(name = "quarkus.oidc.priority", defaultValue = "1001")
    int oidcPriority;

    /** Tried before the OIDC mechanism: with equal priorities the order would be left to chance. */
    @Override
    public int getPriority() {
        return oidcPriority + 1;
    }

    /** The token of an {@code Authorization: Bearer} header, as the OIDC mechanism reads it; null for anything else. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
