package cn.jixiao.scoring.evaluation;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inserts new evaluations as one JDBC batch, each result as the UTF-8 JSON already written.
 * Hibernate's persist bound the ~27 KB result as a Java string, which the driver then encoded
 * to UTF-8 again; reads and review-score changes still go through {@link Evaluation}.
 */
@ApplicationScoped
class EvaluationStore {

    private static final String INSERT = "INSERT INTO evaluation (id, version, official, filing_id, filing_revision, filing_sha256, "
            + "department_code, department_name, department_group, fiscal_year, cycle_id, rubric_code, rubric_version, rubric_hash, "
            + "evaluated_at, updated_at, created_by, message_id, total_score, self_total_score, grade, result) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, convert_from(?, 'UTF8')::json)";

    @Inject
    AgroalDataSource db;

    /** An evaluation to insert, with its result written as UTF-8 JSON. */
    record NewEvaluation(Evaluation evaluation, byte[] result) {
    }

    /** A stored evaluation's identity: the filing revision and rubric version it scored. */
    record Identity(UUID id, UUID filingId, int revision, String rubricCode, int rubricVersion) {
    }

    /**
     * The identities of the evaluations of these filings, in one statement; no transaction is
     * needed for one read. An array parameter keeps it one prepared statement whatever the
     * batch's size, where an IN list gave one per size.
     */
    List<Identity> ofFilings(List<UUID> filings) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, filing_id, filing_revision, rubric_code, rubric_version FROM evaluation WHERE filing_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", filings.toArray()));
            List<Identity> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Identity(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4), rs.getInt(5)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException("cannot read the evaluations of " + filings.size() + " filing(s)", e);
        }
    }

    /** Inserts inside the caller's transaction; a second evaluation of the same revision and rubric version fails on its unique constraint. */
    @Transactional(Transactional.TxType.MANDATORY)
    void insert(List<NewEvaluation> made) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewEvaluation n : made) {
                Evaluation e = n.evaluation();
                ps.setObject(1, e.id);
                ps.setLong(2, e.version);
                ps.setBoolean(3, e.official);
                ps.setObject(4, e.filingId);
                ps.setInt(5, e.filingRevision);
                ps.setString(6, e.filingSha256);
                ps.setString(7, e.departmentCode);
                ps.setString(8, e.departmentName);
                ps.setString(9, e.departmentGroup);
                ps.setInt(10, e.fiscalYear);
                ps.setLong(11, e.cycleId);
                ps.setString(12, e.rubricCode);
                ps.setInt(13, e.rubricVersion);
                ps.setString(14, e.rubricHash);
                ps.setObject(15, e.evaluatedAt);
                ps.setObject(16, e.updatedAt);
                ps.setString(17, e.createdBy);
                ps.setObject(18, e.messageId, Types.OTHER);
                ps.setBigDecimal(19, e.totalScore);
                ps.setBigDecimal(20, e.selfTotalScore);
                ps.setString(21, e.grade);
                ps.setBytes(22, n.result());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            // a batch reports the statement's own error (a unique violation names its constraint) as the next exception
            throw new PersistenceException("cannot store " + made.size() + " evaluation(s)", e.getNextException() != null ? e.getNextException() : e);
        }
    }
}
