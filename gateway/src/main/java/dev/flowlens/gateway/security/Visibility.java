package dev.flowlens.gateway.security;

import dev.flowlens.gateway.graphql.ValueStream;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may see a value stream. A stream with {@code visibleToGroups} is absent (not forbidden)
 * for a caller whose token's {@code groups} claim shares none of them; admins see all.
 */
@ApplicationScoped
public class Visibility {

    private final SecurityIdentity identity;

    Visibility(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean canSee(ValueStream stream) {
        return viewer().canSee(stream.visibleToGroups());
    }

    /**
     * The caller as of now, detached from the request: for work that outlives it, such as a subscription's pushes
     * that arrive long after the request context is gone.
     */
    public Viewer viewer() {
        return new Viewer(identity.hasRole(Roles.ADMIN), Set.copyOf(callerGroups()));
    }

    /**
     * A caller's right to see streams: admins see all, others a stream without groups or sharing one of its groups.
     *
     * @param admin  whether the caller has the admin role
     * @param groups the caller's top-level group names
     */
    public record Viewer(boolean admin, Set<String> groups) {

        /** Whether this caller may see a stream with these {@code visibleToGroups}. */
        public boolean canSee(List<String> visibleToGroups) {
            if (admin || visibleToGroups == null || visibleToGroups.isEmpty()) {
                return true;
            }
            return visibleToGroups.stream().map(Visibility::normalize).anyMatch(groups::contains);
        }
    }

    /**
     * The {@code groups} claim. Keycloak's group mapper writes "payments" or, with full
     * paths on, "/payments"; both mean the same top-level group.
     */
    Set<String> callerGroups() {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Set.of();
        }
        Object claim = jwt.getClaim("groups");
        Set<String> groups = new HashSet<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                String name = value instanceof JsonString json ? json.getString() : String.valueOf(value);
                groups.add(normalize(name));
            }
        } else if (claim instanceof String single) {
            groups.add(normalize(single));
        }
        return groups;
    }

    private static String normalize(String group) {
        String trimmed = group.trim();
        return trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    }
}
