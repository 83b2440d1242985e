package cn.jixiao.submission.filing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to V12 (a draft's content from json to text) on a database holding drafts, in a
 * schema of its own migrated to V11 first: every content reads back exactly as stored, stays
 * uncompressed (a type change resets a column's storage, and the rewrite would otherwise have
 * compressed every existing content), and the SQL rule for finance totals still reads it.
 */
@QuarkusTest
class DraftContentUpgradeTest {

    private static final String SCHEMA = "upgrade_v12_check";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FilingJson json;

    @Inject
    ObjectMapper mapper;

    private Flyway migrationsUpTo(String version) {
        return Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/migration").target(version).load();
    }

    @Test
    void draftsWrittenBeforeV12ReadBackAsStoredAndUncompressed() throws Exception {
        dropSchema();
        try {
            migrationsUpTo("11").migrate();
            String written = new String(json.writeUtf8(mapper.treeToValue(Fixtures.validContent("D001"), FilingContent.class)),
                    StandardCharsets.UTF_8);
            UUID id = UUID.randomUUID();
            try (Connection c = dataSource.getConnection()) {
                execute(c, "INSERT INTO " + SCHEMA + ".department (code, name) VALUES ('D001', '县教育局')");
                execute(c, "INSERT INTO " + SCHEMA + ".evaluation_cycle (name, fiscal_year, deadline, rubric_code, rubric_version, "
                        + "indicator_points, created_by) VALUES ('2030', 2030, now(), 'department-overall', 1, '{}', 'test')");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".filing (id, department_code, cycle_id, "
                        + "fiscal_year, status, revision, content, content_sha256, created_at, created_by, updated_at, version) "
                        + "SELECT ?, 'D001', id, 2030, 'DRAFT', 1, ?::json, ?, now(), 'test', now(), 0 FROM " + SCHEMA + ".evaluation_cycle")) {
                    ps.setObject(1, id);
                    ps.setString(2, written);
                    ps.setString(3, FilingJson.sha256(written));
                    assertEquals(1, ps.executeUpdate());
                }
            }

            migrationsUpTo("12").migrate();

            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT pg_typeof(content)::text, content, pg_column_compression(content), "
                            + "finance_totals IS NOT NULL AND finance_totals = " + SCHEMA + ".filing_finance_totals(content) "
                            + "FROM " + SCHEMA + ".filing WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("text", rs.getString(1));
                    assertEquals(written, rs.getString(2), "the content as it was stored");
                    assertEquals(null, rs.getString(3), "stored uncompressed, as before the upgrade");
                    assertTrue(rs.getBoolean(4), "the SQL rule reads the text content");
                }
            }
        } finally {
            dropSchema();
        }
    }

    private void dropSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
