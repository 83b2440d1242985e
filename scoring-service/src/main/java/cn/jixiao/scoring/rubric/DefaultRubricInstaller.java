package cn.jixiao.scoring.rubric;

import cn.jixiao.scoring.config.ScoringConfig;
import cn.jixiao.scoring.json.BoundedDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Installs the default rubric (DOMAIN.md §2) from its data file as published version 1 on first
 * start. Idempotent across restarts and concurrent replicas: the rows are inserted with
 * ON CONFLICT DO NOTHING, so the first replica wins and the others change nothing.
 */
@ApplicationScoped
public class DefaultRubricInstaller {

    private static final Logger LOG = Logger.getLogger(DefaultRubricInstaller.class);

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    RubricService rubrics;

    @Inject
    ScoringConfig config;

    void onStart(@Observes StartupEvent event) {
        install();
    }

    /** Installs the default rubric unless it is there; returns true when this call installed it. */
    public boolean install() {
        String file = config.rubrics().defaultFile();
        return install(read(file), file);
    }

    /**
     * Installs a rubric document ({code, version, definition}) as published unless that version
     * exists; returns true when this call installed it.
     */
    public boolean install(JsonNode doc, String file) {
        String code = doc.path("code").asText();
        int version = doc.path("version").asInt();
        RubricDefinition def;
        try {
            def = mapper.readerFor(RubricDefinition.class).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE).readValue(doc.get("definition"));
        } catch (IOException e) {
            throw new UncheckedIOException("default rubric " + file + " is unreadable", e);
        }
        if (QuarkusTransaction.requiringNew().call(() -> RubricVersion.find(code, version) != null)) {
            // installed before: frozen as it was published then, and checked by the rules of then; a
            // check added since must not stop the service from starting over a version it already holds
            return false;
        }
        List<cn.jixiao.scoring.problem.ApiException.Violation> problems = RubricValidator.forPublish(def);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("default rubric " + file + " is invalid: " + problems.get(0).field() + " " + problems.get(0).message().en());
        }
        String json;
        try {
            json = mapper.writeValueAsString(def);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String hash = rubrics.hash(def);
        OffsetDateTime now = OffsetDateTime.now();
        int inserted = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("INSERT INTO rubric (code, name, created_at, created_by) VALUES (:code, :name, :at, 'system') "
                            + "ON CONFLICT (code) DO NOTHING")
                    .setParameter("code", code).setParameter("name", def.name()).setParameter("at", now).executeUpdate();
            return em.createNativeQuery("INSERT INTO rubric_version (rubric_code, version, status, definition, content_hash, "
                            + "created_at, created_by, updated_at, published_at, published_by) "
                            + "VALUES (:code, :version, 'PUBLISHED', CAST(:def AS jsonb), :hash, :at, 'system', :at, :at, 'system') "
                            + "ON CONFLICT (rubric_code, version) DO NOTHING")
                    .setParameter("code", code).setParameter("version", version).setParameter("def", json)
                    .setParameter("hash", hash).setParameter("at", now).executeUpdate();
        });
        if (inserted > 0) {
            LOG.infof("installed default rubric %s version %d (sha256 %s)", code, version, hash);
        }
        return inserted > 0;
    }

    private JsonNode read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("default rubric " + resource + " not found");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
