package cn.jixiao.scoring.rubric;

import cn.jixiao.scoring.json.BoundedDecimal;
import cn.jixiao.scoring.problem.ApiException;
import cn.jixiao.scoring.problem.ETags;
import cn.jixiao.scoring.problem.ProblemType;
import cn.jixiao.scoring.problem.Text;
import cn.jixiao.scoring.rubric.RubricApi.Diff;
import cn.jixiao.scoring.rubric.RubricApi.DiffEntry;
import cn.jixiao.scoring.rubric.RubricApi.RubricSummary;
import cn.jixiao.scoring.rubric.RubricApi.VersionSummary;
import cn.jixiao.scoring.rubric.RubricApi.VersionView;
import cn.jixiao.scoring.rubric.RubricDefinition.Indicator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Rubric versions: drafts an admin edits, publishing that freezes them, and comparison. */
@ApplicationScoped
public class RubricService {

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityManager em;

    @Transactional
    public List<RubricSummary> list() {
        List<RubricSummary> out = new ArrayList<>();
        for (Rubric r : Rubric.<Rubric>listAll(Sort.by("code"))) {
            out.add(new RubricSummary(r.code, r.name, versions(r.code), r.createdAt));
        }
        return out;
    }

    @Transactional
    public List<VersionSummary> versions(String code) {
        if (Rubric.findById(code) == null) {
            throw ApiException.notFound("rubric", code);
        }
        return RubricVersion.<RubricVersion>list("rubricCode", Sort.by("version"), code).stream()
                .map(v -> new VersionSummary(v.version, v.status, v.contentHash, v.createdAt, v.publishedAt)).toList();
    }

    @Transactional
    public RubricVersion create(RubricApi.RubricCreate request, String actor) {
        if (Rubric.findById(request.code()) != null) {
            throw duplicate(request.code());
        }
        RubricDefinition def = request.definition() != null ? request.definition() : empty(request.name());
        if (request.definition() != null) {
            check(RubricValidator.forSave(def));
        }
        OffsetDateTime now = OffsetDateTime.now();
        Rubric r = new Rubric();
        r.code = request.code();
        r.name = request.name();
        r.createdAt = now;
        r.createdBy = actor;
        try {
            // flushed here: a create of the same code racing this one (the look-up above finds
            // nothing to lock) ends at the primary key, answered as the look-up would have
            r.persistAndFlush();
        } catch (PersistenceException e) {
            if (uniqueViolation(e)) {
                throw duplicate(request.code());
            }
            throw e;
        }
        return persistDraft(r.code, 1, def, actor, now);
    }

    @Transactional
    public RubricVersion newVersion(String code, RubricApi.VersionCreate request, String actor) {
        Rubric r = em.find(Rubric.class, code, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            throw ApiException.notFound("rubric", code);
        }
        Integer latest = em.createQuery("select max(v.version) from RubricVersion v where v.rubricCode = :c", Integer.class)
                .setParameter("c", code).getSingleResult();
        RubricDefinition def;
        if (request != null && request.definition() != null && request.copyFrom() != null) {
            // which one was meant cannot be known: neither is guessed
            throw ApiException.invalid("$.copyFrom", "exclusive", Text.of("copyFrom 与 definition 只能给出其一",
                    "give either copyFrom or definition, not both"));
        }
        if (request != null && request.definition() != null) {
            def = request.definition();
            check(RubricValidator.forSave(def));
        } else {
            int from = request != null && request.copyFrom() != null ? request.copyFrom() : latest;
            RubricVersion source = RubricVersion.find(code, from);
            if (source == null) {
                throw ApiException.invalid("$.copyFrom", "unknown-version",
                        Text.of("评分表 " + code + " 没有第 " + from + " 版", "rubric " + code + " has no version " + from));
            }
            def = definition(source);
        }
        return persistDraft(code, latest + 1, def, actor, OffsetDateTime.now());
    }

    @Transactional
    public RubricVersion update(String code, int version, String ifMatch, RubricDefinition def) {
        RubricVersion v = locked(code, version);
        if (v.status == RubricVersion.Status.PUBLISHED) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("评分表 " + code + " 第 " + version + " 版已发布，不能再修改；请新建版本",
                    "Rubric " + code + " version " + version + " is published and never changes; create a new version"));
        }
        ETags.check(ifMatch, v.edits, ETags.RUBRIC_VERSION);
        check(RubricValidator.forSave(def));
        v.definition = json(def);
        v.updatedAt = OffsetDateTime.now();
        v.edits++;
        return v;
    }

    /** Publishes the draft as its publisher read it (If-Match): not a content another admin saved since. */
    @Transactional
    public RubricVersion publish(String code, int version, String ifMatch, String actor) {
        RubricVersion v = locked(code, version);
        if (v.status == RubricVersion.Status.PUBLISHED) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("评分表 " + code + " 第 " + version + " 版已发布",
                    "Rubric " + code + " version " + version + " is already published"));
        }
        ETags.check(ifMatch, v.edits, ETags.RUBRIC_VERSION);
        v.edits++;
        RubricDefinition def = definition(v);
        check(RubricValidator.forPublish(def));
        OffsetDateTime now = OffsetDateTime.now();
        v.contentHash = hash(def);
        v.status = RubricVersion.Status.PUBLISHED;
        v.publishedAt = now;
        v.publishedBy = actor;
        v.updatedAt = now;
        return v;
    }

    @Transactional
    public RubricVersion get(String code, int version) {
        RubricVersion v = RubricVersion.find(code, version);
        if (v == null) {
            throw ApiException.notFound("rubric version", code + "/" + version);
        }
        return v;
    }

    /** A published version, or a 400 naming the request field; a transaction only when it is not yet known. */
    public RubricVersion published(String code, int version, String field) {
        RubricVersion known = publishedVersions.get(code + "/" + version);
        if (known != null) {
            return known;
        }
        RubricVersion v = QuarkusTransaction.joiningExisting().call(() -> RubricVersion.find(code, version));
        if (v == null || v.status != RubricVersion.Status.PUBLISHED) {
            throw ApiException.invalid(field, v == null ? "unknown-rubric" : "not-published",
                    Text.of("评分表 " + code + " 第 " + version + " 版" + (v == null ? "不存在" : "尚未发布"),
                            "rubric " + code + " version " + version + (v == null ? " does not exist" : " is not published")));
        }
        publishedVersions.putIfAbsent(code + "/" + version, v);
        return v;
    }

    /**
     * Published versions by code and number, as {@link #published} read them: a published version
     * is frozen (the database refuses to change or delete it), so each is read once per process
     * instead of once per batch of submitted filings, definition and all. The copies held are
     * detached: callers only read them.
     */
    private final Map<String, RubricVersion> publishedVersions = new java.util.concurrent.ConcurrentHashMap<>();

    /** Published versions never change (a trigger refuses it), so each is parsed once per process. */
    private final Map<String, RubricDefinition> publishedDefinitions = new java.util.concurrent.ConcurrentHashMap<>();

    public RubricDefinition definition(RubricVersion v) {
        if (v.status == RubricVersion.Status.PUBLISHED && v.contentHash != null) {
            return publishedDefinitions.computeIfAbsent(v.rubricCode + "/" + v.version + "/" + v.contentHash, k -> parse(v));
        }
        return parse(v);
    }

    private RubricDefinition parse(RubricVersion v) {
        try {
            // read as stored, whatever bound request bodies have since gained
            return mapper.readerFor(RubricDefinition.class).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE).readValue(v.definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rubric " + v.rubricCode + "/" + v.version + " is unreadable", e);
        }
    }

    public String hash(RubricDefinition def) {
        return CanonicalJson.sha256(mapper.valueToTree(def));
    }

    public VersionView view(RubricVersion v) {
        RubricDefinition d = definition(v);
        return new VersionView(v.rubricCode, v.version, v.status, d.name(), v.contentHash, d.notApplicablePolicy(),
                d.gradeBands(), d.roundingOrDefault(), d.wholePoints(), d.totalPoints(), d.indicators(), v.createdAt, v.createdBy,
                v.updatedAt, v.publishedAt, v.publishedBy);
    }

    @Transactional
    public Diff diff(String code, int version, int against) {
        RubricDefinition now = definition(get(code, version));
        RubricDefinition before = definition(get(code, against));
        Map<String, Node> a = nodes(before);
        Map<String, Node> b = nodes(now);
        List<DiffEntry> added = new ArrayList<>();
        List<DiffEntry> removed = new ArrayList<>();
        List<DiffEntry> changed = new ArrayList<>();
        b.forEach((c, n) -> {
            if (!a.containsKey(c)) {
                added.add(new DiffEntry(c, n.ind.name(), n.ind.level(), null, null, n.ind.points(), null, n.ind.rule()));
            }
        });
        a.forEach((c, n) -> {
            Node m = b.get(c);
            if (m == null) {
                removed.add(new DiffEntry(c, n.ind.name(), n.ind.level(), null, n.ind.points(), null, n.ind.rule(), null));
                return;
            }
            List<String> changes = new ArrayList<>();
            if (n.ind.points().compareTo(m.ind.points()) != 0) {
                changes.add("points");
            }
            if (!same(n.ind.rule(), m.ind.rule())) {
                changes.add("rule");
            }
            if (!Objects.equals(n.ind.name(), m.ind.name())) {
                changes.add("name");
            }
            if (!Objects.equals(n.ind.standard(), m.ind.standard())) {
                changes.add("standard");
            }
            if (!Objects.equals(n.parent, m.parent)) {
                changes.add("parent");
            }
            if (!changes.isEmpty()) {
                boolean ruleChanged = changes.contains("rule");
                changed.add(new DiffEntry(c, m.ind.name(), m.ind.level(), changes, n.ind.points(), m.ind.points(),
                        ruleChanged ? n.ind.rule() : null, ruleChanged ? m.ind.rule() : null));
            }
        });
        List<String> settings = new ArrayList<>();
        if (!same(before.notApplicablePolicy(), now.notApplicablePolicy())) {
            settings.add("notApplicablePolicy");
        }
        if (!same(before.gradeBands(), now.gradeBands())) {
            settings.add("gradeBands");
        }
        if (!same(before.roundingOrDefault(), now.roundingOrDefault())) {
            settings.add("rounding");
        }
        if (before.wholePoints() != now.wholePoints()) {
            settings.add("wholePointsOnly");
        }
        if (!Objects.equals(before.name(), now.name())) {
            settings.add("name");
        }
        return new Diff(code, version, against, added, removed, changed, settings);
    }

    private record Node(Indicator ind, String parent) {
    }

    private static Map<String, Node> nodes(RubricDefinition def) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (Indicator l1 : def.indicators()) {
            out.put(l1.code(), new Node(l1, null));
            for (Indicator l2 : RubricDefinition.children(l1)) {
                out.put(l2.code(), new Node(l2, l1.code()));
                for (Indicator l3 : RubricDefinition.children(l2)) {
                    out.put(l3.code(), new Node(l3, l2.code()));
                }
            }
        }
        return out;
    }

    private boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return CanonicalJson.of(mapper.valueToTree(a)).equals(CanonicalJson.of(mapper.valueToTree(b)));
    }

    private RubricVersion locked(String code, int version) {
        RubricVersion v = em.find(RubricVersion.class, new RubricVersion.Key(code, version), LockModeType.PESSIMISTIC_WRITE);
        if (v == null) {
            throw ApiException.notFound("rubric version", code + "/" + version);
        }
        return v;
    }

    private RubricVersion persistDraft(String code, int version, RubricDefinition def, String actor, OffsetDateTime now) {
        RubricVersion v = new RubricVersion();
        v.rubricCode = code;
        v.version = version;
        v.status = RubricVersion.Status.DRAFT;
        v.definition = json(def);
        v.createdAt = now;
        v.createdBy = actor;
        v.updatedAt = now;
        v.persist();
        return v;
    }

    private String json(RubricDefinition def) {
        try {
            return mapper.writeValueAsString(def);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RubricDefinition empty(String name) {
        return new RubricDefinition(name, new RubricDefinition.NotApplicablePolicy(RubricDefinition.NotApplicableKind.FULL_POINTS, null),
                List.of(new RubricDefinition.GradeBand("优", new java.math.BigDecimal("90")),
                        new RubricDefinition.GradeBand("良", new java.math.BigDecimal("80")),
                        new RubricDefinition.GradeBand("中", new java.math.BigDecimal("60")),
                        new RubricDefinition.GradeBand("差", java.math.BigDecimal.ZERO)),
                RubricDefinition.Rounding.DEFAULT, false, List.of());
    }

    private static void check(List<ApiException.Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION_FAILED,
                    Text.of("评分表有 " + violations.size() + " 处问题：" + violations.get(0).message().zh(),
                            "The rubric has " + violations.size() + " problem(s): " + violations.get(0).message().en()),
                    violations);
        }
    }

    private static ApiException duplicate(String code) {
        return new ApiException(ProblemType.CONFLICT, Text.of("评分表 " + code + " 已存在", "Rubric " + code + " already exists"),
                List.of(new ApiException.Violation("$.code", "duplicate", Text.of("评分表代码已存在", "rubric code already exists"))));
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
