package cn.jixiao.scoring.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One change of one review score; the table is append-only (the database refuses updates and deletes). */
@Entity
@Table(name = "review_score_history")
public class ReviewScoreChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "evaluation_id")
    public UUID evaluationId;

    @Column(name = "evaluation_version")
    public long evaluationVersion;

    @Column(name = "indicator_code")
    public String indicatorCode;

    @Column(name = "old_score")
    public BigDecimal oldScore;

    @Column(name = "new_score")
    public BigDecimal newScore;

    public String comment;

    public String actor;

    public OffsetDateTime at;
}
