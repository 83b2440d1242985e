package cn.jixiao.submission.filing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/** The database itself refuses to rewrite history or a submitted revision, or to delete a filing, whoever asks. */
@QuarkusTest
class HistoryImmutabilityTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    @Test
    void historyAndRevisionsRefuseUpdateDeleteAndTruncate() {
        Fixtures.stubScoring(wiremock);
        String id = Fixtures.submittedFiling(Fixtures.department(), Fixtures.openCycle());
        refused("append-only",
                "UPDATE filing_history SET actor = 'mallory' WHERE filing_id = '" + id + "'",
                "DELETE FROM filing_history WHERE filing_id = '" + id + "'",
                "TRUNCATE filing_history CASCADE",
                "UPDATE filing_revision SET content = '{}'::json WHERE filing_id = '" + id + "'",
                "DELETE FROM filing_revision WHERE filing_id = '" + id + "'",
                "TRUNCATE filing_revision CASCADE");
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM filing_history WHERE filing_id = '" + id + "'").getSingleResult()).longValue());
        assertTrue(rows == 2, "history kept: " + rows);
    }

    /**
     * Every filing has history from its creation on, and the history refers to it: the database
     * refuses the filing's deletion, its truncation and a change of its id, and lets an update
     * that leaves the id as it was through.
     */
    @Test
    void filingsAreNeverDeleted() {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        String draft = Fixtures.draft(dept, Fixtures.openCycle(), Fixtures.validContent(dept)).jsonPath().getString("id");
        refused("filing_never_deleted", "DELETE FROM filing WHERE id = '" + draft + "'");
        refused("filing_id_never_changes", "UPDATE filing SET id = gen_random_uuid() WHERE id = '" + draft + "'");
        refused("filing_never_deleted", "TRUNCATE filing CASCADE");
        int unchanged = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "UPDATE filing SET id = id WHERE id = '" + draft + "'").executeUpdate());
        assertTrue(unchanged == 1, "an update keeping the id: " + unchanged);
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM filing WHERE id = '" + draft + "'").getSingleResult()).longValue());
        assertTrue(rows == 1, "filing kept: " + rows);
    }

    /**
     * An entry naming no filing is refused, alone, among entries that do (the check runs once per
     * statement, over every row it appended), or appended inside a WITH, as the finance import
     * appends its entries.
     */
    @Test
    void historyNamesRealFilingsOnly() {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        String draft = Fixtures.draft(dept, Fixtures.openCycle(), Fixtures.validContent(dept)).jsonPath().getString("id");
        String entry = "INSERT INTO filing_history (filing_id, revision, action, actor, at, content_sha256) ";
        refused("filing_history_names_a_filing",
                entry + "VALUES (gen_random_uuid(), 1, 'SAVED', 'mallory', now(), 'x')",
                entry + "VALUES ('" + draft + "', 1, 'SAVED', 'mallory', now(), 'x'), (gen_random_uuid(), 1, 'SAVED', 'mallory', now(), 'x')",
                entry + "SELECT CASE WHEN g = 250 THEN gen_random_uuid() ELSE '" + draft + "'::uuid END, 1, 'SAVED', 'mallory', now(), 'x' "
                        + "FROM generate_series(1, 500) g",
                "WITH appended AS (" + entry + "VALUES (gen_random_uuid(), 1, 'SAVED', 'mallory', now(), 'x') RETURNING filing_id) "
                        + "UPDATE filing SET updated_at = updated_at WHERE id IN (SELECT filing_id FROM appended)");
        // entries that all name a filing still go in, however many at once
        int appended = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                entry + "SELECT '" + draft + "'::uuid, 1, 'SAVED', 'check', now(), 'x' FROM generate_series(1, 3)").executeUpdate());
        assertTrue(appended == 3, "appended: " + appended);
    }

    private void refused(String reason, String... statements) {
        for (String sql : statements) {
            Exception e = assertThrows(Exception.class,
                    () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(sql).executeUpdate()), sql);
            assertTrue(rootMessage(e).contains(reason), sql + ": " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
