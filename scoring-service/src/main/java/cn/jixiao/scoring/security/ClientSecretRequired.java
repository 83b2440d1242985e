package cn.jixiao.scoring.security;

import cn.jixiao.scoring.config.ScoringConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Production does not start without the service's client secret. Without it the service would
 * start, answer its probes and verify every token, and only its calls to the other services would
 * fail, each refused by the OIDC provider, long after the deployment looked healthy.
 */
@ApplicationScoped
class ClientSecretRequired {

    @ConfigProperty(name = "quarkus.oidc-client.credentials.secret")
    Optional<String> secret;

    @Inject
    ScoringConfig config;

    void onStart(@Observes StartupEvent event) {
        require(secret, LaunchMode.current(), config.security().clientSecretRequired());
    }

    static void require(Optional<String> secret, LaunchMode mode, boolean required) {
        if (required && mode == LaunchMode.NORMAL && secret.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("OIDC_CLIENT_SECRET is not set: the service's client secret at the OIDC "
                    + "provider is needed for its calls to the other services (CLIENT_SECRET_REQUIRED=false where the client "
                    + "authenticates another way)");
        }
    }
}
