package cn.jixiao.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Jixiao service, run from its packaged jar with the prod profile and real token checks. */
final class ServiceProcess implements AutoCloseable {

    record Definition(String name, Path jar, int port, Map<String, String> env) {
    }

    private final Definition def;
    private final Process process;

    private ServiceProcess(Definition def, Process process) {
        this.def = def;
        this.process = process;
    }

    static List<Definition> definitions(Settings s, Database db) {
        Map<String, String> common = Map.of(
                "DB_URL", db.jdbcUrl(),
                "DB_USER", Database.USER,
                "DB_PASSWORD", "postgres",
                "OIDC_URL", s.issuer(),
                "SUBMISSION_URL", s.url(s.submissionPort()),
                "SCORING_URL", s.url(s.scoringPort()),
                "REPORTING_URL", s.url(s.reportingPort()),
                "HTTP_HOST", Platform.HOST,
                "CORS_ORIGINS", Settings.env("CORS_ORIGINS", ""));
        return List.of(
                def(s, "submission-service", s.submissionPort(), common, "submission-secret"),
                def(s, "scoring-service", s.scoringPort(), common, "scoring-secret"),
                def(s, "reporting-service", s.reportingPort(), common, "reporting-secret"));
    }

    private static Definition def(Settings s, String name, int port, Map<String, String> common, String secret) {
        Map<String, String> env = new java.util.HashMap<>(common);
        env.put("PORT", String.valueOf(port));
        env.put("OIDC_CLIENT_ID", name);
        env.put("OIDC_CLIENT_SECRET", Settings.env(name.toUpperCase().replace('-', '_') + "_SECRET", secret));
        return new Definition(name, s.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), port, env);
    }

    static ServiceProcess start(Definition def, Path logs) throws IOException {
        if (!Files.exists(def.jar())) {
            throw new IllegalStateException(def.jar() + " is missing: build with ./mvnw -DskipTests package");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", def.jar().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(def.name() + ".log").toFile()));
        pb.environment().putAll(def.env());
        return new ServiceProcess(def, pb.start());
    }

    String name() {
        return def.name();
    }

    String baseUrl() {
        return "http://" + Platform.HOST + ":" + def.port();
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(baseUrl() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(def.name() + " exited with " + process.exitValue() + "; see .jixiao/logs/" + def.name() + ".log");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(def.name() + " not ready in " + timeout.toSeconds() + " s; see .jixiao/logs/" + def.name() + ".log");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return def.name();
    }
}
