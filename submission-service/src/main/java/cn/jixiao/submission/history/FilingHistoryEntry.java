package cn.jixiao.submission.history;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * One change to a filing: who, from which department, what, when, at which revision, and the
 * SHA-256 of the content after it. Append-only; the database refuses updates and deletes.
 */
@Entity
@Immutable
@Table(name = "filing_history")
public class FilingHistoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "filing_id")
    public UUID filingId;

    public int revision;

    public String action;

    public String actor;

    @Column(name = "actor_department")
    public String actorDepartment;

    public OffsetDateTime at;

    @Column(name = "content_sha256")
    public String contentSha256;

    public String detail;
}
