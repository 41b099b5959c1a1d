package dev.flowlens.gateway.graphql.type;

import java.util.List;

/** metrics-service may omit an empty list; the schema promises a list, never null. */
public final class Lists {

    private Lists() {
    }

    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
