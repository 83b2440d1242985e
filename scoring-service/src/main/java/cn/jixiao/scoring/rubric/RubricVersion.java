package cn.jixiao.scoring.rubric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One version of a rubric: a draft an admin edits, or a published version, frozen forever (the
 * database refuses to change it) and identified by the SHA-256 of its canonical JSON.
 */
@Entity
@Table(name = "rubric_version")
@IdClass(RubricVersion.Key.class)
public class RubricVersion extends PanacheEntityBase {

    public enum Status { DRAFT, PUBLISHED }

    @Id
    @Column(name = "rubric_code")
    public String rubricCode;

    @Id
    public int version;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** The {@link RubricDefinition} as JSON. */
    @Column(name = "definition", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    /** Saves and the publish so far: the version's ETag, which every change must name (If-Match). */
    public int edits;

    @Column(name = "content_hash")
    public String contentHash;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    @Column(name = "published_by")
    public String publishedBy;

    public static RubricVersion find(String code, int version) {
        return findById(new Key(code, version));
    }

    /** The composite key (rubric code, version). */
    public static class Key implements Serializable {
        public String rubricCode;
        public int version;

        public Key() {
        }

        public Key(String rubricCode, int version) {
            this.rubricCode = rubricCode;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.rubricCode, rubricCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(rubricCode, version);
        }
    }
}
