package cn.jixiao.scoring.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.EvaluationApi.SubmittedFilings;
import cn.jixiao.scoring.rubric.Rubric;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Path;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import org.hibernate.Hibernate;
import org.junit.jupiter.api.Test;

/**
 * Bean Validation runs with our resolver (Quarkus picks a bean of that type in place of its
 * own), which reaches every property of a request body and still leaves unloaded entity state alone.
 */
@QuarkusTest
class RequestBodyTraversalTest {

    @Inject
    ValidatorFactory validation;

    @Inject
    EntityManager em;

    @Test
    void validationUsesTheResolver() {
        assertInstanceOf(RequestBodyTraversal.class, validation.getTraversableResolver());
    }

    @Test
    void everyPropertyOfARecordIsReachable() {
        assertTrue(reachable(new SubmittedFilings(null), "messages"));
        assertTrue(reachable(null, "messages"));
    }

    @Test
    void anUnloadedEntityIsNotTraversed() {
        QuarkusTransaction.requiringNew().run(() -> {
            Rubric proxy = em.getReference(Rubric.class, "NO-SUCH-RUBRIC");
            assertFalse(Hibernate.isInitialized(proxy));
            assertFalse(reachable(proxy, "name"));
        });
    }

    private boolean reachable(Object object, String property) {
        return validation.getTraversableResolver().isReachable(object, node(property), Object.class, null, ElementType.FIELD);
    }

    private static Path.Node node(String name) {
        return new Path.Node() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isInIterable() {
                return false;
            }

            @Override
            public Integer getIndex() {
                return null;
            }

            @Override
            public Object getKey() {
                return null;
            }

            @Override
            public jakarta.validation.ElementKind getKind() {
                return jakarta.validation.ElementKind.PROPERTY;
            }

            @Override
            public <T extends Path.Node> T as(Class<T> nodeType) {
                throw new ClassCastException();
            }
        };
    }
}
