package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Scope;
import java.util.List;
import java.util.Locale;

/**
 * Which facts belong to a value stream, by its {@link Scope} (the internal API's record): an empty (or null) list
 * means "all"; names match case-insensitively after trimming, like statuses.
 */
public final class Scopes {

    private Scopes() {
    }

    /** True if the item's project, team and itemType pass the filters (METRICS.md "Value stream"). */
    public static boolean matchesItem(Scope scope, String project, String team, ItemType itemType) {
        List<ItemType> itemTypes = scope.itemTypes();
        return matches(scope.projects(), project) && matches(scope.teams(), team)
                && (itemTypes == null || itemTypes.isEmpty() || itemTypes.contains(itemType));
    }

    /** True if deployments and incidents of this service belong to the stream. */
    public static boolean matchesService(Scope scope, String service) {
        return matches(scope.services(), service);
    }

    /** True if changes of this repository belong to the stream. */
    public static boolean matchesRepository(Scope scope, String repository) {
        return matches(scope.repositories(), repository);
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
}
