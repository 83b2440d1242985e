package cn.jixiao.scoring.evaluation;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

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
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, convert_from(?, 'UTF8')::json) "
            + "ON CONFLICT ON CONSTRAINT " + Evaluation.UNIQUE + " DO NOTHING";

    @Inject
    AgroalDataSource db;

    /** An evaluation to insert, with its result written as UTF-8 JSON. */
    record NewEvaluation(Evaluation evaluation, byte[] result) {
    }

    /**
     * Inserts inside the caller's transaction; returns, for each, whether it was inserted. An
     * evaluation of a filing revision and rubric version already stored, or being stored by a
     * transaction that then commits, is not (the unique constraint waits for that transaction).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean[] insert(List<NewEvaluation> made) {
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
            int[] counts = ps.executeBatch();
            boolean[] inserted = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    // the driver rewrote the batch (reWriteBatchedInserts): which rows went in is unknown
                    throw new IllegalStateException("the evaluation batch's row counts are unknown");
                }
                inserted[i] = counts[i] == 1;
            }
            return inserted;
        } catch (SQLException e) {
            // a batch reports the statement's own error as the next exception
            throw new PersistenceException("cannot store " + made.size() + " evaluation(s)", e.getNextException() != null ? e.getNextException() : e);
        }
    }
}
