package cn.jixiao.launcher;

import java.nio.file.Path;

/** Ports, paths and secrets of a local run; every value can be overridden by environment. */
record Settings(Path root, Path home, int pgPort, int keycloakPort, int submissionPort, int scoringPort,
        int reportingPort, String keycloakAdminPassword, String keycloakVersion) {

    static Settings fromEnvironment(Path root, Path home) {
        return new Settings(root, home,
                intEnv("JIXIAO_PG_PORT", 15432),
                intEnv("JIXIAO_KEYCLOAK_PORT", 8180),
                intEnv("JIXIAO_SUBMISSION_PORT", 8081),
                intEnv("JIXIAO_SCORING_PORT", 8082),
                intEnv("JIXIAO_REPORTING_PORT", 8083),
                env("JIXIAO_KEYCLOAK_ADMIN_PASSWORD", "admin"),
                env("JIXIAO_KEYCLOAK_VERSION", "26.5.6"));
    }

    String keycloakUrl() {
        return "http://" + Platform.HOST + ":" + keycloakPort;
    }

    String issuer() {
        return keycloakUrl() + "/realms/jixiao";
    }

    String url(int port) {
        return "http://" + Platform.HOST + ":" + port;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }
}
