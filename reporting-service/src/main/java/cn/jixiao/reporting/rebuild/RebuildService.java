package cn.jixiao.reporting.rebuild;

import cn.jixiao.reporting.db.Db;
import cn.jixiao.reporting.evaluation.AggregateTables;
import cn.jixiao.reporting.evaluation.EvaluationMessage;
import cn.jixiao.reporting.evaluation.ReadModel;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.ProblemType;
import cn.jixiao.reporting.problem.Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds the read model from scoring-service: every official evaluation is pulled again, each
 * department's result chosen anew and every aggregate recomputed from the results, in one
 * transaction, so that readers see either the old state or the new one. Deliveries arriving
 * meanwhile are answered 503 and redelivered by scoring-service's outbox.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);

    @Inject
    ScoringEvaluations scoring;

    @Inject
    ReadModel model;

    @Inject
    AggregateTables aggregates;

    @Inject
    Db db;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    @ConfigProperty(name = "jixiao.rebuild.page-size", defaultValue = "200")
    int pageSize;

    // every table of the read model (all of reporting's but Flyway's history)
    static final String READ_MODEL = "evaluation, inbox_message, result, result_indicator, agg_result, agg_indicator, "
            + "agg_department, agg_score, agg_score_band, agg_indicator_district";

    /** What a rebuild read and produced. */
    public record RebuildReport(int pages, int evaluationsRead, int evaluationsRejected, long results) {
    }

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = "jixiao.rebuild.timeout-seconds")
    public RebuildReport rebuild() {
        if (!db.one("SELECT pg_try_advisory_xact_lock(7, 2)", rs -> rs.getBoolean(1)).orElse(false)) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("已有重建正在进行", "A rebuild is already running"));
        }
        db.query("SELECT pg_advisory_xact_lock(7, 1)", rs -> Boolean.TRUE);
        db.update("DELETE FROM result_indicator");
        db.update("DELETE FROM result");
        db.update("DELETE FROM evaluation WHERE official");
        int page = 0;
        int pages = 0;
        int read = 0;
        int rejected = 0;
        while (true) {
            JsonNode body = fetch(page);
            pages++;
            for (JsonNode item : body.path("items")) {
                EvaluationMessage m = toMessage(item);
                if (m == null) {
                    rejected++;
                    continue;
                }
                model.store(m);
                read++;
            }
            int totalPages = body.path("totalPages").asInt(0);
            if (page + 1 >= totalPages || body.path("items").isEmpty()) {
                break;
            }
            page++;
        }
        for (Object[] key : model.officialKeys()) {
            model.settle((Integer) key[0], (Long) key[1], (String) key[2], false, null);
        }
        aggregates.recomputeAll();
        long results = db.one("SELECT count(*) FROM result", rs -> rs.getLong(1)).orElse(0L);
        LOG.infof("Rebuilt the read model: %d pages, %d evaluations, %d rejected, %d results", pages, read, rejected, results);
        return new RebuildReport(pages, read, rejected, results);
    }

    /**
     * After a rebuild every result and aggregate row is new: the planner's statistics describe the
     * tables as they were, and no page is marked all-visible, so the ranking's index-only count
     * of better departments visits the table for every entry (78 ms p95 at 20,000 evaluations,
     * against 3.6 ms vacuumed: docs/performance.md, target 5) until autovacuum comes by. Run
     * before the rebuild answers, outside its transaction as VACUUM must be; if it fails, the
     * committed rebuild stands and autovacuum does the same later, so it is only logged. A table
     * the database user does not own is skipped with a warning from PostgreSQL, logged too.
     */
    public void vacuumReadModel() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) " + READ_MODEL);
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                LOG.warnf("Vacuuming the rebuilt read model: %s", w.getMessage());
            }
        } catch (SQLException e) {
            LOG.warnf(e, "Could not vacuum the rebuilt read model; autovacuum will");
        }
    }

    private JsonNode fetch(int page) {
        try {
            return scoring.officialPage(page, pageSize);
        } catch (RuntimeException e) {
            LOG.warnf(e, "scoring-service did not answer page %d of the official evaluations", page);
            throw new ApiException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    Text.of("评分服务暂不可用，重建未进行，原有数据保持不变", "scoring-service is unavailable; nothing was rebuilt"));
        }
    }

    private EvaluationMessage toMessage(JsonNode item) {
        try {
            EvaluationMessage m = mapper.treeToValue(item, EvaluationMessage.class);
            if (!validator.validate(m).isEmpty()) {
                LOG.warnf("Skipping an invalid evaluation from scoring-service: %s", validator.validate(m));
                return null;
            }
            return m;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Skipping an unreadable evaluation from scoring-service: %s", e.getMessage());
            return null;
        }
    }
}
