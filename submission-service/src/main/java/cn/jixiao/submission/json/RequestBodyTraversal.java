package cn.jixiao.submission.json;

import jakarta.inject.Singleton;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;
import org.hibernate.Hibernate;

/**
 * Tells Bean Validation which properties it may read. Request bodies are records read from
 * JSON: every property is there, and nothing is loaded by reading it. Only an entity can hold a
 * lazy property that has not been loaded, which validation must leave alone.
 *
 * <p>Quarkus's default resolver asks Hibernate about every property of every object it
 * validates, records included, and Hibernate answers for a record only after looking it up as an
 * entity, by class and then by reflection. For a finance import of 2,000 items that was 60,000
 * questions per request (docs/performance.md, target 6).
 */
@Singleton
public class RequestBodyTraversal implements TraversableResolver {

    @Override
    public boolean isReachable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
            Path pathToTraversableObject, ElementType elementType) {
        return traversableObject == null || traversableObject instanceof Record
                || Hibernate.isPropertyInitialized(traversableObject, traversableProperty.getName());
    }

    @Override
    public boolean isCascadable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
            Path pathToTraversableObject, ElementType elementType) {
        return true;
    }
}
