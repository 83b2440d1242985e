package cn.jixiao.submission.filing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** A submitted revision of a filing, frozen: the database refuses to change or delete it. */
@Entity
@Immutable
@Table(name = "filing_revision")
@IdClass(FilingRevision.Key.class)
public class FilingRevision extends PanacheEntityBase {

    @Id
    @Column(name = "filing_id")
    public UUID filingId;

    @Id
    public int revision;

    @Column(name = "content", columnDefinition = "json")
    @ColumnTransformer(write = "?::json")
    public String content;

    @Column(name = "content_sha256")
    public String contentSha256;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;

    @Column(name = "submitted_by")
    public String submittedBy;

    /** Composite key: filing and revision number. */
    public static class Key implements Serializable {
        public UUID filingId;
        public int revision;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(filingId, k.filingId) && revision == k.revision;
        }

        @Override
        public int hashCode() {
            return Objects.hash(filingId, revision);
        }
    }
}
