package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;
import java.util.List;
import java.util.Locale;

/**
 * Which facts belong to a value stream. An empty (or null) list means "all". Names match case-insensitively
 * after trimming, like statuses.
 */
public record Scope(List<String> projects, List<String> teams, List<ItemType> itemTypes, List<String> services,
        List<String> repositories) {

    /** A scope that lets everything through. */
    public static Scope all() {
        return new Scope(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The same scope with null lists replaced by empty ones. */
    public Scope normalized() {
        return new Scope(orEmpty(projects), orEmpty(teams), orEmpty(itemTypes), orEmpty(services),
                orEmpty(repositories));
    }

    /** True if the item's project, team and itemType pass the filters (METRICS.md "Value stream"). */
    public boolean matchesItem(String project, String team, ItemType itemType) {
        return matches(projects, project) && matches(teams, team)
                && (itemTypes == null || itemTypes.isEmpty() || itemTypes.contains(itemType));
    }

    /** True if deployments and incidents of this service belong to the stream. */
    public boolean matchesService(String service) {
        return matches(services, service);
    }

    /** True if changes of this repository belong to the stream. */
    public boolean matchesRepository(String repository) {
        return matches(repositories, repository);
    }

    private static boolean matches(List<String> allowed, String value) {
        if (allowed == null || allowed.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        String key = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a != null && a.trim().toLowerCase(Locale.ROOT).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
