package cn.jixiao.scoring.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Hands {@link VerifiedTokens} the identity the OIDC check built from a bearer token. Runs after
 * every other augmentor, so what is remembered is the identity the request was given, and only
 * when that identity was made from exactly the token the request carried: the string the
 * mechanism read, the access token OIDC verified and the principal's raw token are one string,
 * and no ID token took part.
 */
@ApplicationScoped
public class RememberVerifiedToken implements SecurityIdentityAugmentor {

    @Inject
    VerifiedTokens tokens;

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential != null && identity.getCredential(IdTokenCredential.class) == null
                && identity.getAttribute(RoutingContext.class.getName()) instanceof RoutingContext request
                && identity.getPrincipal() instanceof JsonWebToken jwt) {
            String carried = request.get(RememberedTokenMechanism.CARRIED_TOKEN);
            if (carried != null && carried.equals(credential.getToken()) && carried.equals(jwt.getRawToken())) {
                tokens.remember(carried, identity, System.currentTimeMillis());
            }
        }
        return Uni.createFrom().item(identity);
    }
}
