package cn.jixiao.submission.filing;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The busiest filing operations in plain SQL: reading one filing, starting a draft with its
 * history entry, and submitting. They run far more often than any other (docs/performance.md,
 * targets 1 and 2), and for them the ORM's session, dirty checking and the copies of the content
 * through Java cost more than the SQL itself. Every other change goes through the {@link Filing}
 * entity.
 *
 * <p>The read and the draft run without a JTA transaction, each statement on its own: a read needs
 * none, and the draft is checked and inserted with its history entry by one statement, which is
 * atomic by itself. Submitting runs in the caller's transaction: the row is locked first, checked in Java,
 * then written by one statement.
 */
@ApplicationScoped
public class FilingStore {

    /** A filing row's columns, in the order {@link #storedFiling} reads them. */
    private static final String FILING_COLUMNS = "f.department_code, f.cycle_id, f.fiscal_year, f.status, f.revision, f.content, "
            + "f.finance_totals, f.content_sha256, f.return_reason, f.submit_until, f.created_at, f.created_by, f.updated_at, "
            + "f.submitted_at, f.version";

    private static final String SELECT_FILING = "SELECT " + FILING_COLUMNS + " FROM filing f WHERE f.id = ?";

    // One statement checks and inserts: the cycle (its year), the department, and a filing the
    // department already has in the cycle are read in the same round trip as the insert, which
    // happens only when cycle and department exist. The unique constraint on (department, cycle)
    // decides between concurrent creates: the loser inserts nothing (and so no history), and
    // learns it from the count. The filing already there is read from the statement's snapshot,
    // so a rival committed after it began is not seen there (FilingService reads it afterwards);
    // nor is the row this statement inserts. ON CONFLICT waits for a rival not yet committed.
    private static final String INSERT_DRAFT = "WITH c AS (SELECT id, fiscal_year FROM evaluation_cycle WHERE id = ?), "
            + "d AS (SELECT code FROM department WHERE code = ?), "
            + "created AS ("
            + "INSERT INTO filing (id, department_code, cycle_id, fiscal_year, status, revision, content, content_sha256, "
            + "finance_totals, created_at, created_by, updated_at, version) "
            + "SELECT ?, d.code, c.id, c.fiscal_year, 'DRAFT', 1, convert_from(?, 'UTF8'), ?, ?::jsonb, ?, ?, ?, 0 FROM c, d "
            + "ON CONFLICT ON CONSTRAINT filing_one_per_department_and_cycle DO NOTHING "
            + "RETURNING id, revision, content_sha256, created_at, created_by, department_code), "
            + "h AS (INSERT INTO filing_history (filing_id, revision, action, actor, actor_department, at, content_sha256) "
            + "SELECT id, revision, 'CREATED', created_by, department_code, created_at, content_sha256 FROM created RETURNING filing_id) "
            + "SELECT c.fiscal_year, EXISTS (SELECT 1 FROM d), (SELECT count(*) FROM h), "
            + "(SELECT f.id FROM filing f WHERE f.department_code = ? AND f.cycle_id = c.id) "
            + "FROM (VALUES (1)) one LEFT JOIN c ON true";

    private static final String EXISTING = "SELECT id FROM filing WHERE department_code = ? AND cycle_id = ?";

    // NO KEY UPDATE, as an update of the row takes: concurrent changes of the filing queue here,
    // while the revision and history rows inserted meanwhile (their foreign keys) do not
    private static final String LOCK_FOR_SUBMIT = "SELECT " + FILING_COLUMNS + ", c.deadline, c.indicator_points, "
            + "ARRAY(SELECT s.code FROM sub_unit s WHERE s.department_code = f.department_code) "
            + "FROM filing f JOIN evaluation_cycle c ON c.id = f.cycle_id WHERE f.id = ? FOR NO KEY UPDATE OF f";

    // One statement writes the whole submission: the filing's new status and version, the frozen
    // revision, the history entry and the FilingSubmitted message. The content is copied inside
    // the database (into the revision and the message) instead of travelling to Java and back
    // three times. The draft's text becomes JSON in the revision, checked by PostgreSQL once
    // (V12), and the message embeds the revision's JSON rather than parsing the draft again. The
    // message also carries last year's filing at its latest submitted revision (null when there
    // is none, or when last year's filing was never submitted), with its totals: the stored ones
    // when that revision is the current content, else computed by the SQL rule.
    private static final String SUBMIT = "WITH f AS ("
            + "UPDATE filing SET status = 'SUBMITTED', submitted_at = ?, updated_at = ?, return_reason = NULL, version = version + 1 "
            + "WHERE id = ? RETURNING id, department_code, cycle_id, fiscal_year, revision, content, content_sha256, finance_totals, version), "
            + "r AS (INSERT INTO filing_revision (filing_id, revision, content, content_sha256, submitted_at, submitted_by) "
            + "SELECT id, revision, content::json, content_sha256, ?, ? FROM f RETURNING content), "
            + "h AS (INSERT INTO filing_history (filing_id, revision, action, actor, actor_department, at, content_sha256) "
            + "SELECT id, revision, 'SUBMITTED', ?, ?, ?, content_sha256 FROM f), "
            + "o AS (INSERT INTO outbox_message (id, type, aggregate_id, payload, created_at, next_attempt_at, request_id) "
            + "SELECT ?, ?, f.id::text, json_build_object("
            + "'filingId', f.id, 'revision', f.revision, 'departmentCode', f.department_code, 'fiscalYear', f.fiscal_year, "
            + "'cycleId', f.cycle_id, 'rubricCode', c.rubric_code, 'rubricVersion', c.rubric_version, "
            + "'contentSha256', f.content_sha256, 'submittedAt', ?::text, 'requestId', ?::text, "
            + "'departmentName', d.name, 'departmentGroup', d.group_name, 'content', (SELECT content FROM r), 'financeTotals', f.finance_totals, "
            + "'priorYearIncluded', true, 'priorYear', ("
            + "SELECT CASE WHEN p.status = 'DRAFT' OR pr.revision IS NULL THEN NULL ELSE json_build_object("
            + "'filingId', p.id, 'revision', pr.revision, 'contentSha256', pr.content_sha256, 'content', pr.content, "
            + "'financeTotals', CASE WHEN pr.content_sha256 = p.content_sha256 AND p.finance_totals IS NOT NULL "
            + "THEN p.finance_totals ELSE filing_finance_totals(pr.content::jsonb) END) END "
            + "FROM (SELECT l.id, l.status, l.content_sha256, l.finance_totals FROM filing l "
            // of last year's filings (one per cycle) the one submitted last; a draft of another
            // cycle must not hide a submitted one
            + "WHERE l.department_code = f.department_code AND l.fiscal_year = f.fiscal_year - 1 AND l.status <> 'DRAFT' "
            + "ORDER BY l.submitted_at DESC NULLS LAST, l.id LIMIT 1) p "
            + "LEFT JOIN LATERAL (SELECT v.revision, v.content, v.content_sha256 FROM filing_revision v WHERE v.filing_id = p.id "
            + "ORDER BY v.revision DESC LIMIT 1) pr ON true), "
            + "'messageId', ?::text, 'type', ?::text), ?, ?, ? "
            + "FROM f JOIN evaluation_cycle c ON c.id = f.cycle_id JOIN department d ON d.code = f.department_code RETURNING id) "
            + "SELECT f.version, (SELECT count(*) FROM o) FROM f";

    /** A filing row as stored; content and totals are JSON text. */
    public record StoredFiling(UUID id, String departmentCode, long cycleId, int fiscalYear, String status, int revision,
            String content, String financeTotals, String contentSha256, String returnReason, OffsetDateTime submitUntil,
            OffsetDateTime createdAt, String createdBy, OffsetDateTime updatedAt, OffsetDateTime submittedAt, long version) {
    }

    /** A filing row locked for submitting, with what the checks need: its cycle's deadline and points, its department's sub-units. */
    public record SubmitCandidate(StoredFiling filing, OffsetDateTime deadline, String indicatorPoints, java.util.Set<String> subUnits) {
    }

    /** The FilingSubmitted message to record with a submission. */
    public record SubmittedMessage(UUID messageId, String type, OffsetDateTime at, String requestId) {
    }

    /**
     * What an attempt to start a draft found and did: whether the cycle exists (and its year),
     * whether the department is registered, whether the draft was inserted, and the department's
     * filing already in the cycle, when the statement's snapshot holds one. The year is 0 when
     * the cycle was not found.
     */
    public record DraftAttempt(boolean cycleFound, int fiscalYear, boolean departmentRegistered, boolean inserted, UUID existing) {
    }

    @Inject
    AgroalDataSource db;

    public Optional<StoredFiling> find(UUID id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_FILING)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(storedFiling(id, rs));
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot read filing " + id, e);
        }
    }

    /**
     * Inserts a DRAFT at revision 1 and version 0 with its CREATED history entry, when the cycle
     * exists, the department is registered and has no filing in the cycle yet; otherwise nothing
     * is written, and the attempt says why.
     */
    public DraftAttempt insertDraft(UUID id, String department, long cycleId, byte[] contentUtf8, String contentSha256,
            String financeTotals, OffsetDateTime at, String actor) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_DRAFT)) {
            int i = 0;
            ps.setLong(++i, cycleId);
            ps.setString(++i, department);
            ps.setObject(++i, id);
            // bytes, not a String: the driver would encode the content to UTF-8 once more
            ps.setBytes(++i, contentUtf8);
            ps.setString(++i, contentSha256);
            ps.setString(++i, financeTotals);
            ps.setObject(++i, at);
            ps.setString(++i, actor);
            ps.setObject(++i, at);
            ps.setString(++i, department);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the draft statement returned no row");
                }
                int year = rs.getInt(1);
                boolean cycleFound = !rs.wasNull();
                return new DraftAttempt(cycleFound, year, rs.getBoolean(2), rs.getLong(3) == 1, rs.getObject(4, UUID.class));
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot insert a filing of " + department + " in cycle " + cycleId, e);
        }
    }

    /** Locks the filing's row until the caller's transaction ends; empty when there is no such filing. */
    public Optional<SubmitCandidate> lockForSubmit(UUID id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(LOCK_FOR_SUBMIT)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                StoredFiling f = storedFiling(id, rs);
                String[] codes = (String[]) rs.getArray(18).getArray();
                return Optional.of(new SubmitCandidate(f, rs.getObject(16, OffsetDateTime.class), rs.getString(17),
                        java.util.Set.of(codes)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot lock filing " + id, e);
        }
    }

    /**
     * Submits a filing locked by {@link #lockForSubmit} in the same transaction, with its revision,
     * history entry and message. Returns the filing's new version.
     */
    public long submit(UUID id, String actor, String actorDepartment, SubmittedMessage message) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(SUBMIT)) {
            OffsetDateTime at = message.at();
            int i = 0;
            ps.setObject(++i, at);
            ps.setObject(++i, at);
            ps.setObject(++i, id);
            ps.setObject(++i, at);
            ps.setString(++i, actor);
            ps.setString(++i, actor);
            ps.setString(++i, actorDepartment);
            ps.setObject(++i, at);
            ps.setObject(++i, message.messageId());
            ps.setString(++i, message.type());
            ps.setString(++i, at.toString());
            ps.setString(++i, message.requestId());
            ps.setString(++i, message.messageId().toString());
            ps.setString(++i, message.type());
            ps.setObject(++i, at);
            ps.setObject(++i, at);
            ps.setString(++i, message.requestId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("filing " + id + " vanished while locked");
                }
                if (rs.getLong(2) != 1) {
                    // a submission that nobody would ever score: roll it back rather than keep it
                    throw new IllegalStateException("filing " + id + " submitted without its FilingSubmitted message");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot submit filing " + id, e);
        }
    }

    /** The {@link #FILING_COLUMNS} of the result set's current row, from column 1 on. */
    private static StoredFiling storedFiling(UUID id, ResultSet rs) throws SQLException {
        return new StoredFiling(id, rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class),
                rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class),
                rs.getObject(14, OffsetDateTime.class), rs.getLong(15));
    }

    public Optional<UUID> existing(String department, long cycleId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(EXISTING)) {
            ps.setString(1, department);
            ps.setLong(2, cycleId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot read the filing of " + department + " in cycle " + cycleId, e);
        }
    }
}
