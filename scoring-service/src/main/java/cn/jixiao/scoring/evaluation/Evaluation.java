package cn.jixiao.scoring.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One filing revision scored with one published rubric version (unique together). Records the
 * rubric's hash and the revision's hash, so the same pair always gives the same result.
 */
@Entity
@Table(name = "evaluation")
public class Evaluation extends PanacheEntityBase {

    public static final String UNIQUE = "evaluation_once_per_revision_and_rubric";

    @Id
    public UUID id;

    /** Increments on every change; the ETag and the evaluationVersion sent to reporting. */
    public long version;

    public boolean official;

    @Column(name = "filing_id")
    public UUID filingId;

    @Column(name = "filing_revision")
    public int filingRevision;

    @Column(name = "filing_sha256")
    public String filingSha256;

    @Column(name = "department_code")
    public String departmentCode;

    @Column(name = "department_name")
    public String departmentName;

    @Column(name = "department_group")
    public String departmentGroup;

    @Column(name = "fiscal_year")
    public int fiscalYear;

    @Column(name = "cycle_id")
    public long cycleId;

    @Column(name = "rubric_code")
    public String rubricCode;

    @Column(name = "rubric_version")
    public int rubricVersion;

    @Column(name = "rubric_hash")
    public String rubricHash;

    @Column(name = "evaluated_at")
    public OffsetDateTime evaluatedAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "total_score")
    public BigDecimal totalScore;

    @Column(name = "self_total_score")
    public BigDecimal selfTotalScore;

    public String grade;

    /** {@link StoredResult} as JSON. */
    @Column(name = "result", columnDefinition = "json")
    @ColumnTransformer(write = "?::json")
    public String result;

    /** The result this process just computed, so recording its message need not parse {@link #result} back. */
    @jakarta.persistence.Transient
    EvaluationApi.StoredResult computed;
}
