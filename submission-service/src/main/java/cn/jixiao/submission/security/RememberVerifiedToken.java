package cn.jixiao.submission.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Hands every identity the OIDC check built from a bearer token to {@link VerifiedTokens}. Runs
 * after every other augmentor, so what is remembered is the identity the request was given.
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
        if (credential != null && credential.getToken() != null) {
            tokens.remember(credential.getToken(), identity, System.currentTimeMillis());
        }
        return Uni.createFrom().item(identity);
    }
}
