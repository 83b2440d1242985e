package cn.jixiao.submission.department;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A sub-unit of a department (局机关 or 二级机构). */
@Entity
@Table(name = "sub_unit")
@IdClass(SubUnit.Key.class)
public class SubUnit {

    @Id
    @ManyToOne
    @JoinColumn(name = "department_code")
    public Department department;

    @Id
    public String code;

    public String name;

    public int position;

    /** Composite key: department and sub-unit code. */
    public static class Key implements Serializable {
        public String department;
        public String code;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(department, k.department) && Objects.equals(code, k.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(department, code);
        }
    }
}
