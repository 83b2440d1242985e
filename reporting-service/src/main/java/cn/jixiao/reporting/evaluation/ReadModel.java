package cn.jixiao.reporting.evaluation;

import static cn.jixiao.reporting.db.Db.dec;

import cn.jixiao.reporting.db.Db;
import cn.jixiao.reporting.evaluation.ResultFacts.AggKey;
import cn.jixiao.reporting.evaluation.ResultFacts.DistrictShare;
import cn.jixiao.reporting.evaluation.ResultFacts.IndicatorFacts;
import cn.jixiao.reporting.json.BoundedDecimal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The read model: every evaluation received (its newest version), each department's current
 * official result per fiscal year and cycle, and the aggregates kept in step with the results.
 *
 * <p>Which evaluation counts for a department, year and cycle: among the official evaluations
 * held, the one of the newest filing revision; among evaluations of that revision the latest
 * evaluatedAt; an evaluation itself always in its highest evaluationVersion. Because the winner
 * is chosen from everything held, the order in which messages arrive does not matter.
 *
 * <p>Locks (transaction-scoped advisory locks): the rebuild lock (shared by messages, exclusive
 * for the rebuild), then the department's lock, then the aggregate keys in their natural
 * order, so that concurrent messages neither deadlock nor lose an update. The district-wide rows
 * of a cycle, which every group and grade shares, are written last and under row locks only (see
 * {@link AggregateTables#moveInDistrict}).
 */
@ApplicationScoped
public class ReadModel {

    /** What became of a message. */
    public enum Outcome {
        /** The department's result changed: the reports include it. */
        APPLIED,
        /** Kept, but another evaluation (a newer filing revision) counts for the department. */
        SUPERSEDED,
        /** A re-score for comparison: kept, never aggregated. */
        NOT_OFFICIAL,
        /** An older version of an evaluation already held: dropped. */
        STALE,
        /** The messageId was received before: nothing done. */
        DUPLICATE
    }

    static final int REBUILD_LOCK_CLASS = 7;
    static final int REBUILD_LOCK_ID = 1;

    private static final String INSERT_RESULT_INDICATOR = """
            INSERT INTO result_indicator (fiscal_year, cycle_id, department_code, indicator_code, dept_group, grade,
                department_name, indicator_name, level1_code, level1_name, level2_code, level2_name, sort_order, points,
                computed_score, self_score, review_score, final_score, deduction, not_computable, not_applicable, over_scored)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String RESULT_KEY = " WHERE fiscal_year = ? AND cycle_id = ? AND department_code = ?";

    @Inject
    Db db;

    @Inject
    AggregateTables aggregates;

    @Inject
    ObjectMapper mapper;

    /** Takes the rebuild lock shared; false while a rebuild runs. Needs a transaction. */
    public boolean enterShared() {
        return db.one("SELECT pg_try_advisory_xact_lock_shared(?, ?)", rs -> rs.getBoolean(1), REBUILD_LOCK_CLASS, REBUILD_LOCK_ID)
                .orElse(false);
    }

    /** Takes the rebuild lock exclusively; false while messages are applied or another rebuild runs. */
    public boolean enterExclusive() {
        return db.one("SELECT pg_try_advisory_xact_lock(?, ?)", rs -> rs.getBoolean(1), REBUILD_LOCK_CLASS, REBUILD_LOCK_ID)
                .orElse(false);
    }

    /**
     * Records the message ids of a batch in one statement, in the batch's order; for each message
     * whether it is a first delivery. A message id given twice in the batch is a first delivery
     * only the first time, as it would be one by one. Needs a transaction.
     */
    public boolean[] firstDeliveries(List<EvaluationMessage> messages) {
        int n = messages.size();
        UUID[] messageIds = new UUID[n];
        UUID[] evaluationIds = new UUID[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            messageIds[i] = messages.get(i).messageId();
            evaluationIds[i] = messages.get(i).evaluationId();
            versions[i] = messages.get(i).evaluationVersion();
        }
        Set<UUID> recorded = new HashSet<>(db.query("""
                INSERT INTO inbox_message (message_id, evaluation_id, evaluation_version, outcome)
                SELECT m, e, v, 'RECEIVED' FROM unnest(?::uuid[], ?::uuid[], ?::bigint[]) WITH ORDINALITY AS t(m, e, v, n)
                ORDER BY n
                ON CONFLICT (message_id) DO NOTHING RETURNING message_id
                """, rs -> rs.getObject(1, UUID.class), messageIds, evaluationIds, versions));
        boolean[] first = new boolean[n];
        for (int i = 0; i < n; i++) {
            first[i] = recorded.remove(messageIds[i]);
        }
        return first;
    }

    public void recordOutcome(UUID messageId, Outcome outcome) {
        db.update("UPDATE inbox_message SET outcome = ? WHERE message_id = ?", outcome.name(), messageId);
    }

    /** The outcomes of a batch: rows of (outcome name, message id), in one round trip. */
    public void recordOutcomes(List<Object[]> outcomeAndMessageId) {
        db.batch("UPDATE inbox_message SET outcome = ? WHERE message_id = ?", outcomeAndMessageId);
    }

    /** Stores the evaluation and, when it changes who wins, the department's result and aggregates. */
    public Outcome accept(EvaluationMessage m) {
        lockAll(List.of("dept:" + m.departmentCode()));
        if (!store(m)) {
            return Outcome.STALE;
        }
        if (settle(m.fiscalYear(), m.cycleId(), m.departmentCode(), true, m)) {
            return Outcome.APPLIED;
        }
        return m.official() ? Outcome.SUPERSEDED : Outcome.NOT_OFFICIAL;
    }

    /** Keeps the evaluation unless a newer version of it is already held. */
    public boolean store(EvaluationMessage m) {
        String payload;
        try {
            payload = mapper.writeValueAsString(withoutEnvelope(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return db.update("""
                INSERT INTO evaluation (evaluation_id, evaluation_version, official, filing_id, filing_revision,
                                        department_code, fiscal_year, cycle_id, evaluated_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json)
                ON CONFLICT (evaluation_id) DO UPDATE SET
                    evaluation_version = excluded.evaluation_version, official = excluded.official,
                    filing_id = excluded.filing_id, filing_revision = excluded.filing_revision,
                    department_code = excluded.department_code, fiscal_year = excluded.fiscal_year,
                    cycle_id = excluded.cycle_id, evaluated_at = excluded.evaluated_at,
                    payload = excluded.payload, received_at = now()
                WHERE evaluation.evaluation_version < excluded.evaluation_version
                """, m.evaluationId(), m.evaluationVersion(), m.official(), m.filingId(), m.filingRevision(),
                m.departmentCode(), m.fiscalYear(), m.cycleId(), m.evaluatedAt(), payload) == 1;
    }

    /**
     * Makes the department's result the winning official evaluation held for it. Returns true
     * when the result changed. With {@code maintainAggregates} false (the rebuild) only the base
     * rows are written.
     */
    public boolean settle(int year, long cycleId, String department, boolean maintainAggregates, EvaluationMessage received) {
        Optional<Change> change = change(new ResultKey(year, cycleId, department), received);
        if (change.isEmpty()) {
            return false;
        }
        if (maintainAggregates) {
            lockAll(change.get().keys().stream().map(AggKey::lockName).toList());
        }
        apply(List.of(change.get()), maintainAggregates);
        return true;
    }

    /**
     * Applies a batch of messages, already recorded as first deliveries, in one transaction,
     * giving every message the outcome and the read model the state that delivering them one by
     * one in this order would. Every department's lock is taken first and every aggregate key's
     * before any aggregate is written, in their natural order, and the district-wide rows are
     * written last, once per cycle: the order a single delivery takes them in, so a batch and
     * single deliveries wait for each other rather than deadlock. A department's result is
     * rewritten once, for the winner after the whole batch, instead of once per message, and the
     * batch's statements are one per table rather than one per message (see {@link #apply}).
     */
    public List<Outcome> acceptAll(List<EvaluationMessage> messages) {
        lockAll(new TreeSet<>(messages.stream().map(m -> "dept:" + m.departmentCode()).toList()));
        // nothing below writes a result before the changes are applied: read once, they are what
        // each message's test would read
        Map<ResultKey, Current> before = currentResults(messages.stream()
                .map(m -> new ResultKey(m.fiscalYear(), m.cycleId(), m.departmentCode())).distinct().toList());
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        Map<ResultKey, Optional<Held>> winners = new HashMap<>();
        Map<Held, EvaluationMessage> received = new HashMap<>();
        for (EvaluationMessage m : messages) {
            if (!store(m)) {
                outcomes.add(Outcome.STALE);
                continue;
            }
            received.put(new Held(m.evaluationId(), m.evaluationVersion()), m);
            ResultKey rk = new ResultKey(m.fiscalYear(), m.cycleId(), m.departmentCode());
            Optional<Held> current = winners.computeIfAbsent(rk, k -> Optional.ofNullable(before.get(k)).map(Current::held));
            Optional<Held> best = bestHeld(rk);
            // the test settle makes: did the message change which evaluation counts?
            if (!current.equals(best)) {
                winners.put(rk, best);
                outcomes.add(Outcome.APPLIED);
            } else {
                outcomes.add(m.official() ? Outcome.SUPERSEDED : Outcome.NOT_OFFICIAL);
            }
        }
        List<Change> changes = new ArrayList<>();
        new TreeSet<>(winners.keySet()).forEach(rk -> {
            Optional<Held> winner = winners.get(rk);
            Current current = before.get(rk);
            if (winner.equals(Optional.ofNullable(current).map(Current::held))) {
                return;
            }
            // the winner is a message of this batch, or one held before that the batch made win again
            EvaluationMessage best = winner.map(w -> received.containsKey(w) ? received.get(w) : heldMessage(w)).orElse(null);
            ResultFacts next = best == null ? null : ResultFacts.of(best);
            TreeSet<AggKey> keys = new TreeSet<>();
            if (current != null) {
                keys.add(current.key());
            }
            if (next != null) {
                keys.add(next.aggKey());
            }
            changes.add(new Change(rk, best, next, current, keys));
        });
        TreeSet<AggKey> keys = new TreeSet<>();
        changes.forEach(c -> keys.addAll(c.keys()));
        lockAll(keys.stream().map(AggKey::lockName).toList());
        apply(changes, true);
        return outcomes;
    }

    /** The departments' results held now, by key; a key without a result is absent. */
    private Map<ResultKey, Current> currentResults(List<ResultKey> keys) {
        Integer[] years = keys.stream().map(ResultKey::fiscalYear).toArray(Integer[]::new);
        Long[] cycles = keys.stream().map(ResultKey::cycleId).toArray(Long[]::new);
        String[] departments = keys.stream().map(ResultKey::department).toArray(String[]::new);
        Map<ResultKey, Current> held = new HashMap<>();
        db.query("""
                SELECT r.fiscal_year, r.cycle_id, r.department_code, r.evaluation_id, r.evaluation_version, r.dept_group, r.grade
                FROM unnest(?::int[], ?::bigint[], ?::text[]) AS k(fiscal_year, cycle_id, department_code)
                JOIN result r USING (fiscal_year, cycle_id, department_code)
                """, rs -> held.put(new ResultKey(rs.getInt(1), rs.getLong(2), rs.getString(3)),
                new Current(rs.getObject(4, UUID.class), rs.getLong(5),
                        new AggKey(rs.getInt(1), rs.getLong(2), rs.getString(6), rs.getString(7)))),
                years, cycles, departments);
        return held;
    }

    /** An evaluation held, read back as the message it was stored from. */
    private EvaluationMessage heldMessage(Held h) {
        return db.one("SELECT payload::text FROM evaluation WHERE evaluation_id = ? AND evaluation_version = ?",
                rs -> parse(rs.getString(1)), h.evaluationId(), h.evaluationVersion())
                .orElseThrow(() -> new IllegalStateException("evaluation " + h.evaluationId() + " is no longer held"));
    }

    private static final String WINNER_ORDER = " AND official ORDER BY filing_revision DESC, evaluated_at DESC, "
            + "evaluation_version DESC, evaluation_id DESC LIMIT 1";

    /** The evaluation that counts for the result key among those held, by identity only. */
    private Optional<Held> bestHeld(ResultKey rk) {
        return db.one("SELECT evaluation_id, evaluation_version FROM evaluation" + RESULT_KEY + WINNER_ORDER,
                rs -> new Held(rs.getObject(1, UUID.class), rs.getLong(2)), rk.fiscalYear(), rk.cycleId(), rk.department());
    }


    /** What making the winner the department's result changes; empty when it is the result already. */
    private Optional<Change> change(ResultKey rk, EvaluationMessage received) {
        int year = rk.fiscalYear();
        long cycleId = rk.cycleId();
        String department = rk.department();
        // the payload is read back only when the winner is not the evaluation just received
        Optional<EvaluationMessage> best = db.one("SELECT evaluation_id, evaluation_version, CASE WHEN evaluation_id = ? "
                + "AND evaluation_version = ? THEN NULL ELSE payload::text END FROM evaluation" + RESULT_KEY + WINNER_ORDER,
                rs -> rs.getString(3) == null ? received : parse(rs.getString(3)),
                received == null ? Db.NULL_UUID : received.evaluationId(), received == null ? -1L : received.evaluationVersion(),
                year, cycleId, department);
        Optional<Current> current = db.one("SELECT evaluation_id, evaluation_version, dept_group, grade FROM result" + RESULT_KEY,
                rs -> new Current(rs.getObject(1, UUID.class), rs.getLong(2),
                        new AggKey(year, cycleId, rs.getString(3), rs.getString(4))),
                year, cycleId, department);
        if (best.isEmpty() && current.isEmpty()) {
            return Optional.empty();
        }
        if (best.isPresent() && current.isPresent() && best.get().evaluationId().equals(current.get().evaluationId())
                && best.get().evaluationVersion() == current.get().evaluationVersion()) {
            return Optional.empty();
        }
        ResultFacts next = best.map(ResultFacts::of).orElse(null);
        TreeSet<AggKey> keys = new TreeSet<>();
        current.ifPresent(c -> keys.add(c.key()));
        if (next != null) {
            keys.add(next.aggKey());
        }
        return Optional.of(new Change(rk, best.orElse(null), next, current.orElse(null), keys));
    }

    /**
     * Rewrites the departments' base rows and, unless rebuilding, the aggregates, for every
     * change of a delivery; the caller holds every key's lock. Each table is written once for all
     * the changes: the results withdrawn are read first, then the old base rows deleted and the
     * new inserted, then every key and department that lost a result is recomputed from the base
     * rows (which then hold every new result of the delivery), and the new results of the other
     * keys and departments are added, summed per key. That is the state applying the changes one
     * by one leaves, in a handful of statements instead of a dozen a message.
     */
    private void apply(List<Change> changes, boolean maintainAggregates) {
        List<DistrictShare> withdrawn = new ArrayList<>();
        List<Object[]> replaced = new ArrayList<>();
        for (Change c : changes) {
            if (c.current() != null) {
                Object[] rk = {c.rk().fiscalYear(), c.rk().cycleId(), c.rk().department()};
                if (maintainAggregates) {
                    aggregates.districtShareOf(c.rk().fiscalYear(), c.rk().cycleId(), c.rk().department()).ifPresent(withdrawn::add);
                }
                replaced.add(rk);
            }
        }
        db.batch("DELETE FROM result_indicator" + RESULT_KEY, replaced);
        db.batch("DELETE FROM result" + RESULT_KEY, replaced);
        insertBase(changes.stream().filter(c -> c.next() != null).toList());
        if (!maintainAggregates) {
            return;
        }
        TreeSet<AggKey> recomputed = new TreeSet<>();
        TreeSet<String> recomputedDepartments = new TreeSet<>();
        changes.stream().filter(c -> c.current() != null).forEach(c -> {
            recomputed.add(c.current().key());
            recomputedDepartments.add(c.rk().department());
        });
        recomputed.forEach(aggregates::recompute);
        List<ResultFacts> added = changes.stream().map(Change::next).filter(Objects::nonNull).toList();
        aggregates.addAll(added.stream().filter(n -> !recomputed.contains(n.aggKey())).toList());
        recomputedDepartments.forEach(aggregates::recomputeDepartment);
        aggregates.addDepartments(changes.stream().filter(c -> c.current() == null && !recomputedDepartments.contains(c.rk().department()))
                .map(Change::next).toList());
        DistrictMoves moves = new DistrictMoves();
        withdrawn.forEach(w -> moves.add(w, null));
        added.forEach(n -> moves.add(null, n.districtShare()));
        moves.write(aggregates);
    }

    /**
     * The district-wide changes of a delivery, written last and once per cycle: every group and
     * grade of the cycle shares these rows, so their row locks are held only until the commit.
     */
    private static final class DistrictMoves {
        private final TreeMap<String, List<DistrictShare>> withdrawn = new TreeMap<>();
        private final TreeMap<String, List<DistrictShare>> added = new TreeMap<>();
        private final TreeSet<String> cycles = new TreeSet<>();

        void add(DistrictShare out, DistrictShare in) {
            if (out != null) {
                withdrawn.computeIfAbsent(cycleOf(out), c -> new ArrayList<>()).add(out);
                cycles.add(cycleOf(out));
            }
            if (in != null) {
                added.computeIfAbsent(cycleOf(in), c -> new ArrayList<>()).add(in);
                cycles.add(cycleOf(in));
            }
        }

        private static String cycleOf(DistrictShare s) {
            // fixed width, so that the text order is the numeric order of year and cycle
            return String.format("%04d:%020d", s.fiscalYear(), s.cycleId());
        }

        void write(AggregateTables aggregates) {
            for (String cycle : cycles) {
                aggregates.moveInDistrict(withdrawn.getOrDefault(cycle, List.of()), added.getOrDefault(cycle, List.of()));
            }
        }
    }

    /** The official evaluations' result keys, for the rebuild. */
    public List<Object[]> officialKeys() {
        return db.query("SELECT DISTINCT fiscal_year, cycle_id, department_code FROM evaluation WHERE official ORDER BY 1, 2, 3",
                rs -> new Object[] {rs.getInt(1), rs.getLong(2), rs.getString(3)});
    }

    /** The new results' base rows: every result in one statement, every indicator row in another. */
    private void insertBase(List<Change> changes) {
        List<Object[]> results = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (Change c : changes) {
            ResultFacts r = c.next();
            EvaluationMessage m = c.best();
            results.add(new Object[] {r.fiscalYear(), r.cycleId(), r.departmentCode(), r.departmentName(), r.group(), m.evaluationId(),
                    m.evaluationVersion(), m.filingId(), m.filingRevision(), m.rubricCode(), m.rubricVersion(), m.evaluatedAt(),
                    r.totalScore(), dec(r.selfTotalScore()), dec(r.gap()), r.grade(), r.overScoredCount(), r.incomeTotal(),
                    r.expenditureTotal(), r.basicExpenditure(), r.projectExpenditure(), r.balanceOfYear(),
                    r.accumulatedBalance(), r.threePublicTotal(), r.fixedAssetsTotal()});
            for (IndicatorFacts i : r.indicators()) {
                rows.add(new Object[] {
                        r.fiscalYear(), r.cycleId(), r.departmentCode(), i.code(), r.group(), r.grade(), r.departmentName(),
                        i.name(), i.level1Code(), i.level1Name(), i.level2Code(), i.level2Name(), i.sortOrder(), i.points(),
                        dec(i.computedScore()), dec(i.selfScore()), dec(i.reviewScore()), i.finalScore(), i.deduction(),
                        i.notComputable(), i.notApplicable(), i.overScored()});
            }
        }
        db.batch("""
                INSERT INTO result (fiscal_year, cycle_id, department_code, department_name, dept_group, evaluation_id,
                    evaluation_version, filing_id, filing_revision, rubric_code, rubric_version, evaluated_at, total_score,
                    self_total_score, gap, grade, over_scored_count, income_total, expenditure_total, basic_expenditure,
                    project_expenditure, balance_of_year, accumulated_balance, three_public_total, fixed_assets_total)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, results);
        db.batch(INSERT_RESULT_INDICATOR, rows);
    }

    /**
     * Takes the named transaction-scoped advisory locks, in the order given (callers give them
     * sorted, so that two deliveries wait for each other rather than deadlock), in one statement.
     */
    private void lockAll(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        db.query("SELECT count(pg_advisory_xact_lock(hashtextextended(name, 0))) FROM "
                + "(SELECT name FROM unnest(?::text[]) WITH ORDINALITY AS t(name, n) ORDER BY n) ordered",
                rs -> Boolean.TRUE, (Object) names.toArray(String[]::new));
    }

    private EvaluationMessage parse(String json) {
        try {
            // stored messages are read as stored, whatever bound delivered ones have since gained
            return mapper.readerFor(EvaluationMessage.class).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored evaluation is not readable", e);
        }
    }

    /** The evaluation as scoring-service lists it: the delivery's envelope (messageId, type) removed. */
    static EvaluationMessage withoutEnvelope(EvaluationMessage m) {
        return new EvaluationMessage(null, null, m.evaluationId(), m.evaluationVersion(), m.official(), m.filingId(),
                m.filingRevision(), m.filingSha256(), m.departmentCode(), m.departmentName(), m.departmentGroup(),
                m.fiscalYear(), m.cycleId(), m.rubricCode(), m.rubricVersion(), m.rubricHash(), m.evaluatedAt(),
                m.totalScore(), m.selfTotalScore(), m.grade(), m.categories(), m.indicators(), m.finance());
    }

    private record Current(UUID evaluationId, long evaluationVersion, AggKey key) {
        Held held() {
            return new Held(evaluationId, evaluationVersion);
        }
    }

    /** An evaluation held, by identity and version. */
    private record Held(UUID evaluationId, long evaluationVersion) {
    }

    /** A department's result of one fiscal year and cycle. */
    private record ResultKey(int fiscalYear, long cycleId, String department) implements Comparable<ResultKey> {
        @Override
        public int compareTo(ResultKey o) {
            return java.util.Comparator.comparingInt(ResultKey::fiscalYear).thenComparingLong(ResultKey::cycleId)
                    .thenComparing(ResultKey::department).compare(this, o);
        }
    }

    /** How a department's result changes: from current (or none) to best (or none), touching keys. */
    private record Change(ResultKey rk, EvaluationMessage best, ResultFacts next, Current current, TreeSet<AggKey> keys) {
    }
}
