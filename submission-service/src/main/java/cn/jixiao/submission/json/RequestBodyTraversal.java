package cn.jixiao.submission.json;

import jakarta.inject.Singleton;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.persistence.spi.LoadState;
import jakarta.persistence.spi.ProviderUtil;
import java.lang.annotation.ElementType;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * Tells Bean Validation which properties it may read. Request bodies are records read from
 * JSON: every property is there, and nothing is loaded by reading it. Only an entity can hold a
 * lazy property that has not been loaded, which validation must leave alone.
 *
 * <p>Quarkus's default resolver asks Hibernate about every property of every object it
 * validates, records included, and Hibernate answers for a record only after looking it up as an
 * entity, by class and then by reflection. For a finance import of 2,000 items that was 60,000
 * questions per request (docs/performance.md, target 6). Kept in step with scoring-service's
 * resolver of the same name (the services share no code).
 */
@Singleton
public class RequestBodyTraversal implements TraversableResolver {

    private static final ProviderUtil JPA = new HibernatePersistenceProvider().getProviderUtil();

    @Override
    public boolean isReachable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
            Path pathToTraversableObject, ElementType elementType) {
        if (traversableObject == null || traversableObject instanceof Record) {
            return true;
        }
        // anything else is asked as Quarkus's own resolver asks: without touching the property,
        // then, if that cannot tell, by reading it (a lazy collection is loaded or it is not)
        String name = traversableProperty.getName();
        LoadState state = JPA.isLoadedWithoutReference(traversableObject, name);
        if (state == LoadState.UNKNOWN) {
            state = JPA.isLoadedWithReference(traversableObject, name);
        }
        return state != LoadState.NOT_LOADED;
    }

    @Override
    public boolean isCascadable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
            Path pathToTraversableObject, ElementType elementType) {
        return true;
    }
}
