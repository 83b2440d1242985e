package cn.jixiao.scoring.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientSecretRequiredTest {

    @Test
    void productionRefusesToStartWithoutTheSecret() {
        for (Optional<String> missing : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            IllegalStateException refusal = assertThrows(IllegalStateException.class,
                    () -> ClientSecretRequired.require(missing, LaunchMode.NORMAL, true));
            assertTrue(refusal.getMessage().startsWith("OIDC_CLIENT_SECRET is not set"), refusal.getMessage());
        }
        assertDoesNotThrow(() -> ClientSecretRequired.require(Optional.of("s3cret"), LaunchMode.NORMAL, true));
    }

    @Test
    void anInstallationAuthenticatingItsClientOtherwiseMaySaySo() {
        assertDoesNotThrow(() -> ClientSecretRequired.require(Optional.empty(), LaunchMode.NORMAL, false));
    }

    @Test
    void devAndTestRunsNeedNone() {
        assertDoesNotThrow(() -> ClientSecretRequired.require(Optional.empty(), LaunchMode.DEVELOPMENT, true));
        assertDoesNotThrow(() -> ClientSecretRequired.require(Optional.empty(), LaunchMode.TEST, true));
    }
}
