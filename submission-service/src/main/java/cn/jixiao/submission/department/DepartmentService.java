package cn.jixiao.submission.department;

import cn.jixiao.submission.department.DepartmentApi.DepartmentRequest;
import cn.jixiao.submission.department.DepartmentApi.DepartmentUpdate;
import cn.jixiao.submission.department.DepartmentApi.SubUnitBody;
import cn.jixiao.submission.filing.ETags;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Keeps the register of departments and their sub-units. */
@ApplicationScoped
public class DepartmentService {

    @Transactional
    public Department create(DepartmentRequest request) {
        checkDistinctSubUnits(request.subUnits());
        if (Department.findById(request.code(), LockModeType.PESSIMISTIC_WRITE) != null) {
            throw duplicate(request.code());
        }
        Department d = new Department();
        d.code = request.code();
        d.name = request.name();
        d.group = request.group();
        d.createdAt = OffsetDateTime.now();
        d.updatedAt = d.createdAt;
        setSubUnits(d, request.subUnits());
        try {
            // flushed here: a create of the same code racing this one (the look-up above locks no
            // row that does not exist yet) ends at the primary key, answered as a duplicate
            d.persistAndFlush();
        } catch (PersistenceException e) {
            if (uniqueViolation(e)) {
                throw duplicate(request.code());
            }
            throw e;
        }
        return d;
    }

    private static ApiException duplicate(String code) {
        return new ApiException(ProblemType.CONFLICT,
                Text.of("部门代码 " + code + " 已存在", "Department " + code + " already exists"),
                List.of(new ApiException.Violation("$.code", "duplicate", Text.of("部门代码已存在", "department code already exists"))));
    }

    /**
     * Replaces name, group and sub-units. With If-Match, only the version the caller read: two
     * admins editing the sub-units from the same list would otherwise each undo the other's
     * change without a word (the row lock only makes them take turns). Without it, as before.
     */
    @Transactional
    public Department update(String code, String ifMatch, DepartmentUpdate request) {
        checkDistinctSubUnits(request.subUnits());
        Department d = Department.findById(code, LockModeType.PESSIMISTIC_WRITE);
        if (d == null) {
            throw ApiException.notFound("department", code);
        }
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*") && !ETags.matches(ifMatch, d.version)) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED, Text.of(
                    "部门已被修改（当前 ETag " + ETags.of(d.version) + "），请重新读取后再修改",
                    "The department has changed (current ETag " + ETags.of(d.version) + "); read it again"));
        }
        d.name = request.name();
        d.group = request.group();
        d.updatedAt = OffsetDateTime.now();
        // keep rows of sub-units that stay, so their identity (and finance already filed) is not churned
        List<SubUnitBody> wanted = request.subUnits();
        Set<String> wantedCodes = new HashSet<>();
        wanted.forEach(s -> wantedCodes.add(s.code()));
        d.subUnits.removeIf(s -> !wantedCodes.contains(s.code));
        for (int i = 0; i < wanted.size(); i++) {
            SubUnitBody body = wanted.get(i);
            SubUnit existing = d.subUnits.stream().filter(s -> s.code.equals(body.code())).findFirst().orElse(null);
            if (existing == null) {
                existing = new SubUnit();
                existing.department = d;
                existing.code = body.code();
                d.subUnits.add(existing);
            }
            existing.name = body.name();
            existing.position = i;
        }
        // the version the answer's ETag gives is the one this change makes
        Department.flush();
        return d;
    }


    public Optional<Department> find(String code) {
        return Department.findByIdOptional(code);
    }

    public List<Department> list() {
        return Department.list("order by code");
    }

    private static void setSubUnits(Department d, List<SubUnitBody> bodies) {
        for (int i = 0; i < bodies.size(); i++) {
            SubUnit s = new SubUnit();
            s.department = d;
            s.code = bodies.get(i).code();
            s.name = bodies.get(i).name();
            s.position = i;
            d.subUnits.add(s);
        }
    }

    private static void checkDistinctSubUnits(List<SubUnitBody> subUnits) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < subUnits.size(); i++) {
            if (!seen.add(subUnits.get(i).code())) {
                throw ApiException.invalid("$.subUnits[" + i + "].code", "duplicate",
                        Text.of("下属单位代码重复：" + subUnits.get(i).code(), "Duplicate sub-unit code " + subUnits.get(i).code()));
            }
        }
    }

    /** Whether PostgreSQL refused an insert for a unique key (SQLSTATE 23505), somewhere in the causes. */
    private static boolean uniqueViolation(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
