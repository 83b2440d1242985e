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
 * The two busiest filing operations in plain SQL: reading one filing, and starting a draft with
 * its history entry. They run far more often than any other (docs/performance.md, targets 1 and
 * 2), and for them the ORM's session, dirty checking and the transaction manager cost more than
 * the SQL itself. Every other change goes through the {@link Filing} entity.
 *
 * <p>Both run without a JTA transaction, each statement on its own: a read needs none, and the
 * draft is inserted with its history entry by one statement, which is atomic by itself.
 */
@ApplicationScoped
public class FilingStore {

    private static final String SELECT_FILING = "SELECT department_code, cycle_id, fiscal_year, status, revision, content, "
            + "finance_totals, content_sha256, return_reason, submit_until, created_at, created_by, updated_at, submitted_at, version "
            + "FROM filing WHERE id = ?";

    private static final String CREATE_CHECK = "SELECT c.fiscal_year, "
            + "EXISTS (SELECT 1 FROM department d WHERE d.code = ?), "
            + "(SELECT f.id FROM filing f WHERE f.department_code = ? AND f.cycle_id = c.id) "
            + "FROM evaluation_cycle c WHERE c.id = ?";

    // the unique constraint on (department, cycle) decides between concurrent creates: the loser
    // inserts nothing (and so no history), and learns it from the count
    private static final String INSERT_DRAFT = "WITH created AS ("
            + "INSERT INTO filing (id, department_code, cycle_id, fiscal_year, status, revision, content, content_sha256, "
            + "finance_totals, created_at, created_by, updated_at, version) "
            + "VALUES (?, ?, ?, ?, 'DRAFT', 1, ?::jsonb, ?, ?::jsonb, ?, ?, ?, 0) "
            + "ON CONFLICT ON CONSTRAINT filing_one_per_department_and_cycle DO NOTHING "
            + "RETURNING id, revision, content_sha256, created_at, created_by, department_code) "
            + "INSERT INTO filing_history (filing_id, revision, action, actor, actor_department, at, content_sha256) "
            + "SELECT id, revision, 'CREATED', created_by, department_code, created_at, content_sha256 FROM created";

    private static final String EXISTING = "SELECT id FROM filing WHERE department_code = ? AND cycle_id = ?";

    /** A filing row as stored; content and totals are jsonb text. */
    public record StoredFiling(UUID id, String departmentCode, long cycleId, int fiscalYear, String status, int revision,
            String content, String financeTotals, String contentSha256, String returnReason, OffsetDateTime submitUntil,
            OffsetDateTime createdAt, String createdBy, OffsetDateTime updatedAt, OffsetDateTime submittedAt, long version) {
    }

    /** What starting a draft depends on: the cycle's year, the department, a filing already there. */
    public record DraftPreconditions(int fiscalYear, boolean departmentRegistered, UUID existing) {
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
                return Optional.of(new StoredFiling(id, rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class),
                        rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class),
                        rs.getObject(14, OffsetDateTime.class), rs.getLong(15)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot read filing " + id, e);
        }
    }

    /** Empty when there is no such cycle. */
    public Optional<DraftPreconditions> draftPreconditions(long cycleId, String department) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(CREATE_CHECK)) {
            ps.setString(1, department);
            ps.setString(2, department);
            ps.setLong(3, cycleId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DraftPreconditions(rs.getInt(1), rs.getBoolean(2), rs.getObject(3, UUID.class)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot check cycle " + cycleId, e);
        }
    }

    /**
     * Inserts a DRAFT at revision 1 and version 0 with its CREATED history entry. False when the
     * department already has a filing in the cycle (then nothing was written).
     */
    public boolean insertDraft(UUID id, String department, long cycleId, int fiscalYear, String content, String contentSha256,
            String financeTotals, OffsetDateTime at, String actor) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_DRAFT)) {
            ps.setObject(1, id);
            ps.setString(2, department);
            ps.setLong(3, cycleId);
            ps.setInt(4, fiscalYear);
            ps.setString(5, content);
            ps.setString(6, contentSha256);
            ps.setString(7, financeTotals);
            ps.setObject(8, at);
            ps.setString(9, actor);
            ps.setObject(10, at);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("cannot insert a filing of " + department + " in cycle " + cycleId, e);
        }
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
