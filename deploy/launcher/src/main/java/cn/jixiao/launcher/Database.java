package cn.jixiao.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded PostgreSQL of a local run. Its data directory is kept between runs, so a second
 * start finds the sample district already there. Each service migrates its own schema in the
 * one database {@code jixiao}.
 */
final class Database implements AutoCloseable {

    static final String NAME = "jixiao";
    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private Database(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    static Database start(Path dataDirectory, int port) throws IOException, SQLException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                // after a crash PostgreSQL replays its WAL first: zonky's 10 s stopped it mid-recovery
                .setPGStartupWait(java.time.Duration.ofMinutes(5))
                // the platform's own shutdown hook stops PostgreSQL after the services; zonky's hook
                // ran beside it and took the database from services still finishing their work
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                // zonky's test defaults trade durability for speed; a filing once accepted must survive a crash
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + NAME);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // not yet the platform's to stop on the way out
            try {
                pg.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new Database(pg, port);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + Platform.HOST + ":" + port + "/" + NAME;
    }

    String version() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    @Override
    public String toString() {
        return "PostgreSQL";
    }
}
