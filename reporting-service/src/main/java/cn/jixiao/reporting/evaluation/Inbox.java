package cn.jixiao.reporting.evaluation;

import cn.jixiao.reporting.db.Db;
import cn.jixiao.reporting.evaluation.ReadModel.Outcome;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.ProblemType;
import cn.jixiao.reporting.problem.Text;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Receives EvaluationCompleted messages: idempotent by messageId, each in its own transaction
 * with the result and aggregates it changes. A deadlock between two deliveries is retried.
 */
@ApplicationScoped
public class Inbox {

    private static final int ATTEMPTS = 3;

    @Inject
    Transactions transactions;

    private final Map<Outcome, Counter> received = new EnumMap<>(Outcome.class);
    private final Counter duplicates;

    @Inject
    public Inbox(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            received.put(o, Counter.builder("reporting.messages.received")
                    .description("EvaluationCompleted messages received, by outcome")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        duplicates = Counter.builder("reporting.messages.duplicates")
                .description("Redeliveries of a messageId already received").register(registry);
    }

    public Outcome receive(EvaluationMessage message) {
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = transactions.receive(message);
                received.get(outcome).increment();
                if (outcome == Outcome.DUPLICATE) {
                    duplicates.increment();
                }
                return outcome;
            } catch (Db.DbException e) {
                if (!e.retryable() || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The transactional part, a separate bean so that each attempt is its own transaction. */
    @ApplicationScoped
    public static class Transactions {

        @Inject
        ReadModel model;

        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public Outcome receive(EvaluationMessage m) {
            if (!model.enterShared()) {
                throw new ApiException(ProblemType.REBUILD_IN_PROGRESS,
                        Text.of("汇总数据正在重建，请稍后重新投递", "The reports are being rebuilt; deliver the message again later"),
                        List.of(), Map.of("Retry-After", "5"));
            }
            if (!model.firstDelivery(m)) {
                return Outcome.DUPLICATE;
            }
            Outcome outcome = model.accept(m);
            model.recordOutcome(m.messageId(), outcome);
            return outcome;
        }
    }
}
