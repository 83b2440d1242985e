package cn.jixiao.bench.bare;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One JSON document by primary key, mapped as submission-service maps a filing's content. */
@Entity
@Table(name = "bare_row")
public class BareRow extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "doc", columnDefinition = "text")
    public String doc;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
