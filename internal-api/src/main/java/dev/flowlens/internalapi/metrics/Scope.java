package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * Which work items, deployments and changes belong to a value stream; a null list is read as empty (= all). The
 * matching is metrics-service's ({@code dev.flowlens.metrics.calc.Scopes}).
 */
@Description("Which work items, changes and deployments belong to a value stream. An empty list means all.")
public record Scope(
        @NonNull @Description("Tracker projects (keys); empty = all.") List<@NonNull String> projects,
        @NonNull @Description("Teams; empty = all.") List<@NonNull String> teams,
        @NonNull @Description("Item types; empty = all.") List<@NonNull ItemType> itemTypes,
        @NonNull @Description("Deployed services (for DORA); empty = all.") List<@NonNull String> services,
        @NonNull @Description("Code repositories (for DORA lead time); empty = all.") List<@NonNull String> repositories) {

    public Scope {
        projects = Lists.orEmpty(projects);
        teams = Lists.orEmpty(teams);
        itemTypes = Lists.orEmpty(itemTypes);
        services = Lists.orEmpty(services);
        repositories = Lists.orEmpty(repositories);
    }

    /** A scope that lets everything through. */
    public static Scope all() {
        return new Scope(null, null, null, null, null);
    }
}
