package dev.flowlens.gateway.security;

import dev.flowlens.gateway.graphql.ValueStream;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.HashSet;
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
        if (stream.visibleToGroups().isEmpty() || identity.hasRole(Roles.ADMIN)) {
            return true;
        }
        Set<String> groups = callerGroups();
        return stream.visibleToGroups().stream().map(Visibility::normalize).anyMatch(groups::contains);
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
