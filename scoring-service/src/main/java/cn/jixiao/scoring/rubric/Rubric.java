package cn.jixiao.scoring.rubric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A rubric (评分表) by code; its content lives in its versions. */
@Entity
@Table(name = "rubric")
public class Rubric extends PanacheEntityBase {

    @Id
    public String code;

    public String name;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;
}
