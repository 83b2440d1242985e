package cn.jixiao.submission.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.department.Department;
import cn.jixiao.submission.filing.Filing;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceItem;
import cn.jixiao.submission.support.Fixtures;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Path;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.util.UUID;
import org.hibernate.Hibernate;
import org.junit.jupiter.api.Test;

/**
 * Bean Validation runs with our resolver (Quarkus picks a bean of that type in place of its
 * own), which reaches every property of a request body and still leaves unloaded entity state alone.
 */
@QuarkusTest
class RequestBodyTraversalTest {

    @OidcWireMock
    WireMockServer wiremock;

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
        FinanceItem item = new FinanceItem("D001", "D001-01", null, null, null, null);
        assertTrue(reachable(item, "income"));
        assertTrue(reachable(null, "items"));
    }

    @Test
    void anUnloadedEntityIsNotTraversedButALoadedOneIs() {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        long cycle = Fixtures.openCycle();
        UUID id = UUID.fromString(Fixtures.draft(dept, cycle, Fixtures.validContent(dept)).jsonPath().getString("id"));
        QuarkusTransaction.requiringNew().run(() -> {
            Filing proxy = em.getReference(Filing.class, id);
            assertFalse(Hibernate.isInitialized(proxy));
            assertFalse(reachable(proxy, "content"));
            Hibernate.initialize(proxy);
            assertTrue(reachable(proxy, "content"));
        });
    }

    @Test
    void anUnloadedCollectionOfALoadedEntityIsNotTraversed() {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        QuarkusTransaction.requiringNew().run(() -> {
            Department department = em.find(Department.class, dept);
            assertFalse(Hibernate.isInitialized(department.subUnits));
            assertFalse(reachable(department, "subUnits"));
            Hibernate.initialize(department.subUnits);
            assertTrue(reachable(department, "subUnits"));
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
