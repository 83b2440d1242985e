package cn.jixiao.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The service's own settings ({@code jixiao.*} in application.properties). */
@ConfigMapping(prefix = "jixiao")
public interface ScoringConfig {

    Outbox outbox();

    Submission submission();

    Rubrics rubrics();

    Security security();

    /** Delivery of "EvaluationCompleted" to reporting-service. */
    interface Outbox {
        /** Whether the scheduled dispatcher runs (off in tests, which drive it directly). */
        boolean enabled();

        @WithDefault("50")
        int batchSize();

        /** The longest wait between two attempts of one message. */
        Duration maxBackoff();

        /** How often the dispatcher looks for due messages (read by the scheduler). */
        String pollInterval();

        /** A drain waits until no evaluation has been recorded for this long. */
        Duration quiet();

        /** The longest a message waits for the quiet before a drain takes it anyway. */
        Duration longestGather();
    }

    /** Calls to submission-service. */
    interface Submission {
        /** Seconds a sender is told to wait (Retry-After) when submission-service cannot be reached. */
        @WithDefault("30")
        int retryAfter();
    }

    /** Rubrics shipped with the service. */
    interface Rubrics {
        /** Classpath resource of the default rubric, installed as published on first start. */
        String defaultFile();
    }

    /** Checks of bearer tokens. */
    interface Security {
        VerifiedTokens verifiedTokens();

        /** False where the service's OIDC client authenticates another way than its secret (security.ClientSecretRequired). */
        @WithDefault("true")
        boolean clientSecretRequired();

        /** Tokens verified once and remembered until they expire (security.VerifiedTokens). */
        interface VerifiedTokens {
            /** How many are remembered at most; 0 checks every request's token again. */
            @WithDefault("2000")
            int maxSize();

            /** The longest a verified token is remembered, however long it is valid. */
            @WithDefault("PT5M")
            Duration ttl();
        }
    }
}
