package cn.jixiao.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What must be clear before a platform starts. A launcher killed outright (kill -9, the OOM
 * killer) leaves Keycloak and the services running, and nothing stopped them: the next start
 * took the old processes' answers on the same ports for its own readiness, served requests from
 * stale jars, and restarted its own processes for ever as their ports were taken. So: a launcher
 * still running is left alone and this one refuses to start; processes an earlier launcher of
 * this home left behind are stopped, PostgreSQL last (recognised by their pid files and their
 * command lines, so a reused pid is never killed); any port still taken is named before anything
 * starts.
 */
final class Leftovers {

    static final String LAUNCHER_PID = "launcher.pid";
    private static final List<String> STARTED = List.of("keycloak", "submission-service", "scoring-service", "reporting-service");

    private Leftovers() {
    }

    static void clear(Settings s) throws IOException, InterruptedException {
        Path home = s.home();
        Optional<ProcessHandle> launcher = running(home.resolve(LAUNCHER_PID), "cn.jixiao.launcher.Platform");
        if (launcher.isPresent() && launcher.get().pid() != ProcessHandle.current().pid()) {
            throw new IllegalStateException("Jixiao is already running from " + home + " (launcher pid " + launcher.get().pid()
                    + "); stop it with Ctrl-C in its terminal, or kill " + launcher.get().pid());
        }
        for (String name : STARTED) {
            Path pidFile = home.resolve(name + ".pid");
            Optional<ProcessHandle> left = running(pidFile, name.equals("keycloak") ? home.toString() : name);
            if (left.isPresent()) {
                Platform.say("stopping %s, left running by an earlier start (pid %d)", name, left.get().pid());
                // with what it started (kc.sh runs Keycloak's JVM)
                stop(left.get(), true);
            }
            Files.deleteIfExists(pidFile);
        }
        // PostgreSQL last, once its clients are gone
        stopPostgres(home, "left running by an earlier start");
        Files.writeString(home.resolve(LAUNCHER_PID), String.valueOf(ProcessHandle.current().pid()));
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(s.pgPort(), "PostgreSQL (JIXIAO_PG_PORT)");
        ports.put(s.keycloakPort(), "Keycloak (JIXIAO_KEYCLOAK_PORT)");
        ports.put(s.keycloakPort() + 1000, "Keycloak's management interface (JIXIAO_KEYCLOAK_PORT + 1000)");
        ports.put(s.submissionPort(), "submission-service (JIXIAO_SUBMISSION_PORT)");
        ports.put(s.scoringPort(), "scoring-service (JIXIAO_SCORING_PORT)");
        ports.put(s.reportingPort(), "reporting-service (JIXIAO_REPORTING_PORT)");
        ports.put(s.submissionPort() + 1000, "submission-service's metrics (JIXIAO_SUBMISSION_PORT + 1000)");
        ports.put(s.scoringPort() + 1000, "scoring-service's metrics (JIXIAO_SCORING_PORT + 1000)");
        ports.put(s.reportingPort() + 1000, "reporting-service's metrics (JIXIAO_REPORTING_PORT + 1000)");
        for (var port : ports.entrySet()) {
            if (!free(port.getKey())) {
                throw new IllegalStateException("port " + port.getKey() + " on " + Platform.HOST + ", for " + port.getValue()
                        + ", is in use by another program; stop it, or choose another port with the variable named");
            }
        }
    }

    /**
     * Stops the PostgreSQL of this home, if one runs: its own pid file's first line, its data
     * directory on its command line; SIGTERM is its orderly shutdown.
     */
    static void stopPostgres(Path home, String why) throws IOException, InterruptedException {
        Path data = home.resolve("pgdata");
        Path postmaster = data.resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            Optional<ProcessHandle> pg = running(Files.readAllLines(postmaster).stream().findFirst().orElse(""), data.toString());
            if (pg.isPresent()) {
                Platform.say("stopping PostgreSQL, %s (pid %d)", why, pg.get().pid());
                stop(pg.get(), false);
            }
        }
    }

    /** On the way out: the launcher's pid file, if it is this launcher's (one refused at start leaves the running one's). */
    static void forget(Path home) {
        try {
            Path pid = home.resolve(LAUNCHER_PID);
            if (Files.exists(pid) && Files.readString(pid).trim().equals(String.valueOf(ProcessHandle.current().pid()))) {
                Files.delete(pid);
            }
        } catch (IOException e) {
            // the next start recognises a dead launcher's pid anyway
        }
    }

    /** The process a pid file names, if it is alive and its command line says it is the one we started. */
    private static Optional<ProcessHandle> running(Path pidFile, String mark) throws IOException {
        return Files.exists(pidFile) ? running(Files.readString(pidFile), mark) : Optional.empty();
    }

    private static Optional<ProcessHandle> running(String pidText, String mark) {
        long pid;
        try {
            pid = Long.parseLong(pidText.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(mark)).orElse(false));
    }

    private static void stop(ProcessHandle p, boolean withDescendants) throws InterruptedException {
        List<ProcessHandle> all = new java.util.ArrayList<>(withDescendants ? p.descendants().toList() : List.of());
        all.add(0, p);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(Platform.HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
