package cn.jixiao.submission.cycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.ColumnTransformer;

/**
 * An evaluation cycle (评价批次), e.g. "2020年度部门整体支出绩效自评": a fiscal year, a deadline and
 * the rubric version its filings are scored with.
 */
@Entity
@Table(name = "evaluation_cycle")
public class EvaluationCycle extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "fiscal_year")
    public int fiscalYear;

    public OffsetDateTime deadline;

    @Column(name = "rubric_code")
    public String rubricCode;

    @Column(name = "rubric_version")
    public int rubricVersion;

    /** JSON object: level-3 indicator code → points, copied from the published rubric version. */
    @Column(name = "indicator_points", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String indicatorPoints;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;
}
