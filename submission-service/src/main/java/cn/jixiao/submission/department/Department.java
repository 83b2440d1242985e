package cn.jixiao.submission.department;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A budget unit (部门/单位), identified by its code, with its sub-units (局机关 / 二级机构)
 * for which finance figures are filed separately and summed.
 */
@Entity
@Table(name = "department")
public class Department extends PanacheEntityBase {

    @Id
    public String code;

    public String name;

    /** The group the bureau reports by (e.g. 党群口, 政法口); free text. */
    @Column(name = "group_name")
    public String group;

    @OneToMany(mappedBy = "department", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<SubUnit> subUnits = new ArrayList<>();

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public long version;
}
