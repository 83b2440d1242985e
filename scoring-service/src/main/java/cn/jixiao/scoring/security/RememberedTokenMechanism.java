package cn.jixiao.scoring.security;

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

    /** The token this request carried, for {@link RememberVerifiedToken} to compare with what OIDC verified. */
    static final String CARRIED_TOKEN = RememberedTokenMechanism.class.getName() + ".token";

    @Inject
    VerifiedTokens tokens;

    /** The OIDC mechanism's priority ({@code quarkus.oidc.priority}, 1001 unless set). */
    @ConfigProperty(name = "quarkus.oidc.priority", defaultValue = "1001")
    int oidcPriority;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        SecurityIdentity known = tokens.find(token, context, System.currentTimeMillis());
        if (known == null) {
            context.put(CARRIED_TOKEN, token);
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(known);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    /** Tried before the OIDC mechanism: with equal priorities the order would be left to chance. */
    @Override
    public int getPriority() {
        return oidcPriority + 1;
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header, read as the OIDC mechanism
     * reads it (the scheme up to the first space, in any case; the rest as it is); null otherwise.
     */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space <= 0 || !"Bearer".equalsIgnoreCase(authorization.substring(0, space))) {
            return null;
        }
        String token = authorization.substring(space + 1);
        return token.isEmpty() ? null : token;
    }
}
