package cn.jixiao.scoring.filing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What this service reads of submission-service's answers: only the properties it uses, each
 * one present in submission-service's kept contract. Other properties are ignored, so the
 * provider may add fields without breaking us.
 */
public final class Filings {

    private Filings() {
    }

    /** Schema {@code Filing}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filing(UUID id, String departmentCode, Long cycleId, Integer fiscalYear, String status, Integer revision) {
    }

    /** Schema {@code RevisionSummary}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RevisionSummary(Integer revision, String contentSha256, OffsetDateTime submittedAt) {
    }

    /** Schema {@code Revision}: one submitted revision, exactly as submitted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Revision(UUID filingId, String departmentCode, Long cycleId, Integer fiscalYear, Integer revision,
            JsonNode content, JsonNode financeTotals, String contentSha256, OffsetDateTime submittedAt) {
    }

    /** Schema {@code FilingPage}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FilingPage(List<FilingSummary> items) {
    }

    /** Schema {@code FilingSummary}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FilingSummary(UUID id, String departmentCode, Integer fiscalYear, String status, Integer revision,
            java.time.OffsetDateTime submittedAt) {
    }

    /** Schema {@code Cycle}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cycle(Long id, Integer fiscalYear, String rubricCode, Integer rubricVersion) {
    }

    /** Schema {@code Department}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Department(String code, String name, String group) {
    }
}
