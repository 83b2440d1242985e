package cn.jixiao.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the whole platform on 127.0.0.1 for a person trying Jixiao: one embedded PostgreSQL
 * (a schema per service), Keycloak with the demo realm, the three services, and a sample
 * district loaded through the public APIs. Ctrl-C stops everything it started.
 */
public final class Platform {

    static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("jixiao.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("jixiao.home", root.resolve(".jixiao").toString())).toAbsolutePath();
        Files.createDirectories(home.resolve("logs"));
        Settings s = Settings.fromEnvironment(root, home);

        try {
            Leftovers.clear(s);
        } catch (IllegalStateException e) {
            System.err.println("[jixiao] " + e.getMessage());
            System.exit(1);
        }
        List<AutoCloseable> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Jixiao…");
            // Ctrl-C reaches every child too: no supervisor may start one again while the others stop
            for (AutoCloseable c : started) {
                if (c instanceof ServiceProcess p) {
                    p.stopping();
                } else if (c instanceof Keycloak k) {
                    k.stopping();
                }
            }
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("  could not stop " + started.get(i) + ": " + e.getMessage());
                }
            }
            if (started.stream().noneMatch(Database.class::isInstance)) {
                // stopped while PostgreSQL was still starting (a crash recovery may take minutes),
                // before it became ours to close
                try {
                    Leftovers.stopPostgres(home, "still starting");
                } catch (Exception e) {
                    System.err.println("  could not stop PostgreSQL: " + e.getMessage());
                }
            }
            Leftovers.forget(home);
            stopped.countDown();
        }, "jixiao-shutdown"));

        long t0 = System.nanoTime();
        Database db = Database.start(home.resolve("pgdata"), s.pgPort());
        started.add(db);
        say("PostgreSQL %s ready on %s:%d", db.version(), HOST, s.pgPort());

        Keycloak keycloak = Keycloak.start(s);
        // stopped on the way out even if it never becomes ready
        started.add(keycloak);
        keycloak.awaitReady(Duration.ofSeconds(180));
        say("Keycloak ready on %s", s.keycloakUrl());

        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        for (ServiceProcess.Definition def : ServiceProcess.definitions(s, db)) {
            ServiceProcess p = ServiceProcess.start(def, home.resolve("logs"));
            started.add(p);
            services.put(def.name(), p);
        }
        for (ServiceProcess p : services.values()) {
            p.awaitReady(Duration.ofSeconds(180));
            say("%s ready on %s", p.name(), p.baseUrl());
        }
        keycloak.superviseInBackground();
        services.values().forEach(ServiceProcess::superviseInBackground);

        SampleDistrict sample = new SampleDistrict(s);
        if (System.getenv("JIXIAO_NO_SAMPLE") == null) {
            sample.loadIfEmpty();
        }
        say("Platform up in %d s", (System.nanoTime() - t0) / 1_000_000_000L);
        Files.writeString(home.resolve("run.ready"), String.valueOf(ProcessHandle.current().pid()));
        printWelcome(s);
        stopped.await();
    }

    static void say(String format, Object... args) {
        System.out.println("[jixiao] " + String.format(format, args));
    }

    private static void printWelcome(Settings s) {
        String token = "TOKEN=$(curl -s -d grant_type=password -d client_id=jixiao-portal -d username=reviewer -d password=jixiao-reviewer "
                + s.keycloakUrl() + "/realms/jixiao/protocol/openid-connect/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')";
        System.out.println("""

                ================================================================================
                 Jixiao (绩效) is running
                ================================================================================
                 submission-service  http://127.0.0.1:%d/q/swagger-ui
                 scoring-service     http://127.0.0.1:%d/q/swagger-ui
                 reporting-service   http://127.0.0.1:%d/q/swagger-ui
                 Keycloak            %s/admin  (admin / %s)   realm: jixiao

                 Demo users (password = "jixiao-" + user name, e.g. jixiao-reviewer):
                   admin         财政局管理员: departments, cycles, rubrics
                   reviewer      财政局评价人员: reads all filings, returns/accepts, review scores
                   viewer        区领导: reports
                   filer-d001 … filer-d012   one department each (D001 … D012)
                   client ledger-system / ledger-secret: integration account for D001–D006

                 Try it:
                   %s
                   curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:%d/api/v1/reports/2023/ranking

                 Logs: .jixiao/logs/   Stop: Ctrl-C
                ================================================================================
                """.formatted(s.submissionPort(), s.scoringPort(), s.reportingPort(), s.keycloakUrl(),
                s.keycloakAdminPassword(), token, s.reportingPort()));
    }
}
