package cn.jixiao.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keycloak in development mode with the demo realm imported from deploy/keycloak. Keycloak 26
 * needs Java 21 or newer: the JDK is taken from JIXIAO_KEYCLOAK_JAVA_HOME, or the newest JDK
 * 21+ found under /usr/lib/jvm. If Keycloak exits while the platform runs, it is started again:
 * tokens it issued before stay valid, the services keep its keys.
 */
final class Keycloak implements AutoCloseable {

    private final Settings settings;
    private final Path home;
    private final Path javaHome;
    private volatile Process process;
    private volatile boolean closing;

    private Keycloak(Settings settings, Path home, Path javaHome) {
        this.settings = settings;
        this.home = home;
        this.javaHome = javaHome;
    }

    static Keycloak start(Settings s) throws IOException, InterruptedException {
        Path home = s.home().resolve("keycloak-" + s.keycloakVersion());
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + " (./jixiao up does this)");
        }
        Path javaHome = findJava21().orElseThrow(() -> new IllegalStateException("""
                Keycloak %s needs Java 21 or newer, and none was found.
                Install one (e.g. `apt-get install openjdk-21-jdk-headless` or Temurin 21/25) and set
                JIXIAO_KEYCLOAK_JAVA_HOME to its directory, then run ./jixiao up again.""".formatted(s.keycloakVersion())));
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        Path realm = s.root().resolve("deploy/keycloak/jixiao-realm.json");
        Files.copy(realm, imports.resolve("jixiao-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        Keycloak kc = new Keycloak(s, home, javaHome);
        kc.reimportIfRealmChanged(realm);
        kc.launch();
        return kc;
    }

    /** Tells the supervisor the platform is stopping: an exit from now on is not restarted. */
    void stopping() {
        closing = true;
    }

    /**
     * start-dev --import-realm skips a realm that exists; when the realm file changed since the
     * last import (new demo users, say), import it again over the old one before starting.
     */
    private void reimportIfRealmChanged(Path realm) throws IOException, InterruptedException {
        Path stamp = settings.home().resolve("realm.sha256");
        String hash = sha256(Files.readAllBytes(realm));
        boolean imported = Files.isDirectory(home.resolve("data/h2"));
        if (imported && Files.exists(stamp) && Files.readString(stamp).trim().equals(hash)) {
            return;
        }
        if (imported) {
            Platform.say("The demo realm changed: importing it again into Keycloak…");
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "import",
                    "--file=" + realm, "--override=true", managementPort())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.home().resolve("logs/keycloak.log").toFile()));
            pb.environment().put("JAVA_HOME", javaHome.toString());
            int exit = pb.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("Keycloak realm import failed (" + exit + "); see .jixiao/logs/keycloak.log");
            }
        }
        Files.writeString(stamp, hash);
    }

    /** Keycloak's management interface (health); next to its HTTP port so two platforms can coexist. */
    private String managementPort() {
        return "--http-management-port=" + (settings.keycloakPort() + 1000);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-host=" + Platform.HOST, "--http-port=" + settings.keycloakPort(),
                "--hostname=" + settings.keycloakUrl(), "--health-enabled=true", managementPort()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.home().resolve("logs/keycloak.log").toFile()));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.keycloakAdminPassword());
        pb.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-XX:MaxRAMPercentage=10 -Xms64m -Xmx512m");
        process = pb.start();
        Files.writeString(settings.home().resolve("keycloak.pid"), String.valueOf(process.pid()));
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(settings.issuer() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see .jixiao/logs/keycloak.log");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak did not become ready in " + timeout.toSeconds() + " s; see .jixiao/logs/keycloak.log");
    }

    /** Restarts Keycloak whenever it exits, until the platform stops. */
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
                    Platform.say("Keycloak exited (%d); starting it again", process.exitValue());
                    launch();
                    awaitReady(Duration.ofSeconds(180));
                    Platform.say("Keycloak ready again on %s", settings.keycloakUrl());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Platform.say("Keycloak restart failed: %s", e.getMessage());
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "keycloak-supervisor");
        t.setDaemon(true);
        t.start();
    }

    static Optional<Path> findJava21() {
        String configured = System.getenv("JIXIAO_KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        if (Runtime.version().feature() >= 21) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                    .filter(d -> featureVersion(d) >= 21)
                    .max(Comparator.comparingInt(Keycloak::featureVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int featureVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "Keycloak";
    }
}
