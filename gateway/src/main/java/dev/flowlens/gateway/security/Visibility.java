package dev.flowlens.gateway.security;

import dev.flowlens.internalapi.metrics.ValueStream;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may see a value stream. A stream with {@code visibleToGroups} is absent (not forbidden) for a caller whose
 * token's {@code groups} claim holds none of them; admins see all. Groups are compared by their full Keycloak path
 * ("/payments", "/ops/payments"), never by name: a sub-group named like a top-level group gains nothing.
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
     * A caller's right to see streams: admins see all, others a stream without groups or naming one of their groups.
     *
     * @param admin  whether the caller has the admin role
     * @param groups the full paths of the caller's groups ("/payments", "/ops/payments")
     */
    public record Viewer(boolean admin, Set<String> groups) {

        /** Whether this caller may see a stream with these {@code visibleToGroups}. */
        public boolean canSee(List<String> visibleToGroups) {
            if (admin || visibleToGroups == null || visibleToGroups.isEmpty()) {
                return true;
            }
            return visibleToGroups.stream().map(Visibility::streamGroup).anyMatch(groups::contains);
        }
    }

    /**
     * The {@code groups} claim: the full paths of the caller's groups, as the realm's group mapper writes them with
     * "full.path" on. A value without a leading slash is a bare group name (a mapper with full paths off), which
     * cannot tell "/payments" from "/ops/payments": it is ignored, so such a realm shows grouped streams to admins
     * only instead of to the wrong people.
     */
    Set<String> callerGroups() {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Set.of();
        }
        Object claim = jwt.getClaim("groups");
        Set<String> groups = new HashSet<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                addPath(groups, value instanceof JsonString json ? json.getString() : String.valueOf(value));
            }
        } else if (claim instanceof String single) {
            addPath(groups, single);
        }
        return groups;
    }

    private static void addPath(Set<String> groups, String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("/")) {
            groups.add(trimmed);
        }
    }

    /**
     * A group of a stream's visibleToGroups as a full path. metrics-service stores full paths; a bare name, as streams
     * were saved before, means the top-level group of that name ("payments" is "/payments").
     */
    private static String streamGroup(String group) {
        String trimmed = group.trim();
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }
}
