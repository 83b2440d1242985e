package cn.jixiao.scoring.json;

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
 * entity. A batch of submitted filings carries hundreds of properties per filing. Kept in step
 * with submission-service's resolver of the same name (the services share no code).
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
