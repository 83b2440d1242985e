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
    private final Path logs;
    private volatile Process process;
    private volatile boolean closing;

    private ServiceProcess(Definition def, Path logs, Process process) throws IOException {
        this.def = def;
        this.logs = logs;
        this.process = process;
        writePid();
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
        // metrics on a port of their own, beside the API's (each service's, so that they never meet)
        env.put("MANAGEMENT_PORT", String.valueOf(port + 1000));
        env.put("OIDC_CLIENT_ID", name);
        env.put("OIDC_CLIENT_SECRET", Settings.env(name.toUpperCase().replace('-', '_') + "_SECRET", secret));
        return new Definition(name, s.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), port, env);
    }

    static ServiceProcess start(Definition def, Path logs) throws IOException {
        if (!Files.exists(def.jar())) {
            throw new IllegalStateException(def.jar() + " is missing: build with ./mvnw -DskipTests package");
        }
        return new ServiceProcess(def, logs, launch(def, logs));
    }

    private static Process launch(Definition def, Path logs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", def.jar().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(def.name() + ".log").toFile()));
        pb.environment().putAll(def.env());
        return pb.start();
    }

    private void writePid() throws IOException {
        Files.writeString(logs.resolveSibling(def.name() + ".pid"), String.valueOf(process.pid()));
    }

    /**
     * Starts the service again whenever it exits while the platform runs, as an orchestrator
     * would; what was submitted meanwhile waits in the senders' outboxes.
     */
    void superviseInBackground() {
        Thread t = new Thread(() -> {
            while (!closing) {
                try {
                    process.waitFor();
                    // an exit from the Ctrl-C every child receives comes just before the stop begins
                    Thread.sleep(1000);
                    if (closing) {
                        return;
                    }
                    Platform.say("%s exited (%d); starting it again", def.name(), process.exitValue());
                    process = launch(def, logs);
                    writePid();
                    awaitReady(Duration.ofSeconds(180));
                    Platform.say("%s ready again on %s", def.name(), baseUrl());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Platform.say("%s restart failed: %s", def.name(), e.getMessage());
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, def.name() + "-supervisor");
        t.setDaemon(true);
        t.start();
    }

    /** Tells the supervisor the platform is stopping: an exit from now on is not restarted. */
    void stopping() {
        closing = true;
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
        closing = true;
        Process process = this.process;
        if (process.isAlive()) {
            process.destroy();
            // a service gives the requests in flight SHUTDOWN_TIMEOUT (20 s) to finish
            if (!process.waitFor(25, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return def.name();
    }
}
