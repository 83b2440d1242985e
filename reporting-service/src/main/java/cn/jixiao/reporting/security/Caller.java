package cn.jixiao.reporting.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as the token says: roles from {@code realm_access.roles} and a filer's
 * {@code department}. Nothing in a request body or query can change these.
 */
@RequestScoped
public class Caller {

    public static final String FILER = "filer";
    public static final String REVIEWER = "reviewer";
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";
    public static final String INTEGRATION = "integration";
    public static final String SERVICE = "service";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    public String name() {
        String preferred = jwt.getClaim("preferred_username");
        if (preferred != null && !preferred.isBlank()) {
            return preferred;
        }
        return jwt.getSubject() != null ? jwt.getSubject() : identity.getPrincipal().getName();
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    /** Viewers, reviewers and admins read the whole district's results. */
    public boolean seesDistrict() {
        return has(VIEWER) || has(REVIEWER) || has(ADMIN);
    }

    /** The filer's own department, or null when the token names none. */
    public String department() {
        Object claim = jwt.getClaim("department");
        if (claim == null) {
            return null;
        }
        String value = claim.toString();
        if (claim instanceof jakarta.json.JsonString s) {
            value = s.getString();
        }
        return value.isBlank() ? null : value;
    }

    /**
     * The only department whose rows this caller may see, or null when it sees the district.
     * A filer whose token names no department gets "", which matches no department.
     */
    public String restrictedToDepartment() {
        if (seesDistrict()) {
            return null;
        }
        String own = department();
        return own == null ? "" : own;
    }
}
