package cn.jixiao.submission.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Appends to and reads a filing's history; always inside the transaction of the change. */
@ApplicationScoped
public class FilingHistory {

    /** The actions a history entry records. */
    public enum Action { CREATED, UPDATED, SUBMITTED, RETURNED, ACCEPTED, REOPENED, FINANCE_IMPORTED }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID filingId, int revision, Action action, String actor, String actorDepartment,
            String contentSha256, String detail, OffsetDateTime at) {
        FilingHistoryEntry e = new FilingHistoryEntry();
        e.filingId = filingId;
        e.revision = revision;
        e.action = action.name();
        e.actor = actor;
        e.actorDepartment = actorDepartment;
        e.at = at;
        e.contentSha256 = contentSha256;
        e.detail = detail;
        e.persist();
    }

    public List<FilingHistoryEntry> of(UUID filingId) {
        return FilingHistoryEntry.list("filingId = ?1 order by id", filingId);
    }
}
