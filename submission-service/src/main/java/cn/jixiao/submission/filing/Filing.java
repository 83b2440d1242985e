package cn.jixiao.submission.filing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A department's self-evaluation (自评报告 / 自评表) for one evaluation cycle. Holds the revision
 * being edited or the last one submitted; submitted revisions are frozen in
 * {@link FilingRevision}.
 */
@Entity
@Table(name = "filing")
// submit, return, accept and reopen change a few columns: without this every one of them would
// send the whole content (8 KB) again and have PostgreSQL store it anew
@DynamicUpdate
public class Filing extends PanacheEntityBase {

    /** DRAFT → SUBMITTED → (RETURNED → SUBMITTED …) → ACCEPTED. */
    public enum Status { DRAFT, SUBMITTED, RETURNED, ACCEPTED }

    @Id
    public UUID id;

    @Column(name = "department_code")
    public String departmentCode;

    @Column(name = "cycle_id")
    public long cycleId;

    @Column(name = "fiscal_year")
    public int fiscalYear;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int revision;

    // text, not json: see migration V12 (the draft is rewritten often, always by this service)
    @Column(name = "content", columnDefinition = "text")
    public String content;

    @Column(name = "content_sha256")
    public String contentSha256;

    /** {@link FinanceTotals} of the content, written with it; null when it has no finance figures. */
    @Column(name = "finance_totals", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String financeTotals;

    @Column(name = "return_reason")
    public String returnReason;

    /** A reviewer's extension of the cycle's deadline for this filing (reopen, or return). */
    @Column(name = "submit_until")
    public OffsetDateTime submitUntil;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;

    @Version
    public long version;

    public boolean editable() {
        return status == Status.DRAFT || status == Status.RETURNED;
    }
}
