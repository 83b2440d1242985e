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

/** The database itself refuses to rewrite history or a submitted revision, whoever asks. */
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
        for (String sql : new String[] {
                "UPDATE filing_history SET actor = 'mallory' WHERE filing_id = '" + id + "'",
                "DELETE FROM filing_history WHERE filing_id = '" + id + "'",
                "TRUNCATE filing_history CASCADE",
                "UPDATE filing_revision SET content = '{}'::json WHERE filing_id = '" + id + "'",
                "DELETE FROM filing_revision WHERE filing_id = '" + id + "'",
                "TRUNCATE filing_revision CASCADE"}) {
            Exception e = assertThrows(Exception.class,
                    () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(sql).executeUpdate()), sql);
            assertTrue(rootMessage(e).contains("append-only"), sql + ": " + rootMessage(e));
        }
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM filing_history WHERE filing_id = '" + id + "'").getSingleResult()).longValue());
        assertTrue(rows == 2, "history kept: " + rows);
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
