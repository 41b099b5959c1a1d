package dev.flowlens.internalapi.metrics;

import java.util.List;

/** A list the schema promises may be omitted from JSON; it is read as an empty list, never null. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
