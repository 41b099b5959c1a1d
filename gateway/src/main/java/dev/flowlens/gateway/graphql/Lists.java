package dev.flowlens.gateway.graphql;

import java.util.List;

/** metrics-service may omit an empty list; the schema promises a list, never null. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
