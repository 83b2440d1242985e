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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Receives EvaluationCompleted messages: idempotent by messageId, one message or a batch in its
 * own transaction with the results and aggregates it changes. A deadlock between two deliveries
 * is retried.
 */
@ApplicationScoped
public class Inbox {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Inbox.class);

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
                count(outcome);
                return outcome;
            } catch (Db.DbException e) {
                if (!e.retryable() || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** What became of one message of a batch: its outcome, or why it was not received (then it is delivered again). */
    public record Delivery(Outcome outcome, RuntimeException failure) {
    }

    /**
     * Receives a batch of valid messages in one transaction, with the outcomes and read model
     * that receiving them one by one in this order would give. While a rebuild runs none is
     * received. When the batch's transaction fails otherwise (a deadlock retried too often, a
     * message the database refuses), the messages are received one by one, so that one bad
     * message never holds back the others.
     */
    public List<Delivery> receiveAll(List<EvaluationMessage> messages) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                List<Outcome> outcomes = transactions.receiveAll(messages);
                outcomes.forEach(this::count);
                return outcomes.stream().map(o -> new Delivery(o, null)).toList();
            } catch (ApiException e) {
                return messages.stream().map(m -> new Delivery(null, e)).toList();
            } catch (Db.DbException e) {
                if (!e.retryable()) {
                    LOG.warnf("a batch of %d messages failed as a whole (%s); receiving them one by one", messages.size(), e.getMessage());
                    break;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "a batch of %d messages failed as a whole; receiving them one by one", messages.size());
                break;
            }
        }
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        for (EvaluationMessage m : messages) {
            try {
                deliveries.add(new Delivery(receive(m), null));
            } catch (RuntimeException e) {
                deliveries.add(new Delivery(null, e));
            }
        }
        return deliveries;
    }

    private void count(Outcome outcome) {
        received.get(outcome).increment();
        if (outcome == Outcome.DUPLICATE) {
            duplicates.increment();
        }
    }

    static ApiException rebuilding() {
        return new ApiException(ProblemType.REBUILD_IN_PROGRESS,
                Text.of("汇总数据正在重建，请稍后重新投递", "The reports are being rebuilt; deliver the message again later"),
                List.of(), Map.of("Retry-After", "5"));
    }

    /** The transactional part, a separate bean so that each attempt is its own transaction. */
    @ApplicationScoped
    public static class Transactions {

        @Inject
        ReadModel model;

        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public Outcome receive(EvaluationMessage m) {
            if (!model.enterShared()) {
                throw rebuilding();
            }
            if (!model.firstDeliveries(List.of(m))[0]) {
                return Outcome.DUPLICATE;
            }
            Outcome outcome = model.accept(m);
            model.recordOutcome(m.messageId(), outcome);
            return outcome;
        }

        /** A batch: every message id recorded first (a repeat within the batch is a duplicate, as it would be one by one), then the rest applied in order. */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public List<Outcome> receiveAll(List<EvaluationMessage> messages) {
            if (!model.enterShared()) {
                throw rebuilding();
            }
            Outcome[] outcomes = new Outcome[messages.size()];
            List<Integer> first = new ArrayList<>();
            boolean[] firstDeliveries = model.firstDeliveries(messages);
            for (int i = 0; i < messages.size(); i++) {
                if (firstDeliveries[i]) {
                    first.add(i);
                } else {
                    outcomes[i] = Outcome.DUPLICATE;
                }
            }
            List<Outcome> accepted = model.acceptAll(first.stream().map(messages::get).toList());
            List<Object[]> recorded = new ArrayList<>();
            for (int k = 0; k < first.size(); k++) {
                int i = first.get(k);
                outcomes[i] = accepted.get(k);
                recorded.add(new Object[] {outcomes[i].name(), messages.get(i).messageId()});
            }
            model.recordOutcomes(recorded);
            return List.of(outcomes);
        }
    }
}
