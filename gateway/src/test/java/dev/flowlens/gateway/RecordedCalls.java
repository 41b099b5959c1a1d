package dev.flowlens.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a test stub of an internal API has been asked: call counts and request bodies per call. */
final class RecordedCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> bodies = new ConcurrentHashMap<>();

    /** Counts the call and keeps its body (JSON null when empty); returns the body. */
    JsonNode record(String call, HttpExchange exchange) throws IOException {
        counts.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.nullNode() : JSON.readTree(raw);
        bodies.computeIfAbsent(call, k -> Collections.synchronizedList(new ArrayList<>())).add(body);
        return body;
    }

    void clear() {
        counts.clear();
        bodies.clear();
    }

    int calls(String call) {
        AtomicInteger count = counts.get(call);
        return count == null ? 0 : count.get();
    }

    int totalCalls() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    List<JsonNode> bodies(String call) {
        return bodies.getOrDefault(call, List.of());
    }
}
