package dev.flowlens.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A graphql-transport-ws client (the protocol of the graphql-ws library that dashboards use), for tests: every
 * server message lands in {@link #received}; a closed socket adds {@code {"type":"closed","code":...}}.
 */
public final class GraphQLSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private GraphQLSocket(URI uri, String headerToken, String subprotocol) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(subprotocol).connectTimeout(Duration.ofSeconds(10));
        if (headerToken != null) {
            builder.header("Authorization", "Bearer " + headerToken);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Opens a socket to the gateway's /graphql (an http URL is turned into ws), token in the upgrade's header. */
    public static GraphQLSocket open(URI graphqlUrl, String headerToken) {
        return open(graphqlUrl, headerToken, "graphql-transport-ws");
    }

    /** As {@link #open(URI, String)}, speaking another subprotocol (the older {@code graphql-ws}). */
    public static GraphQLSocket open(URI graphqlUrl, String headerToken, String subprotocol) {
        return new GraphQLSocket(URI.create(graphqlUrl.toString().replaceFirst("^http", "ws")), headerToken, subprotocol);
    }

    /** Sends connection_init, with {"Authorization": "Bearer token"} as payload when token is not null. */
    public void init(String token) {
        ObjectNode init = JSON.createObjectNode().put("type", "connection_init");
        if (token != null) {
            init.putObject("payload").put("Authorization", "Bearer " + token);
        }
        send(init);
    }

    public void subscribe(String id, String query) {
        ObjectNode msg = JSON.createObjectNode().put("type", "subscribe").put("id", id);
        msg.putObject("payload").put("query", query);
        send(msg);
    }

    /** The next server message, or null when none came within the time. */
    public JsonNode next(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message of the given type, skipping pings/pongs; null when none came within the time. */
    public JsonNode nextOfType(String type, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode m = received.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            if (type.equals(m.path("type").asText())) {
                return m;
            }
            if (!"ping".equals(m.path("type").asText()) && !"pong".equals(m.path("type").asText())) {
                throw new AssertionError("expected a '" + type + "' message, got " + m);
            }
        }
        return null;
    }

    /**
     * Sends any message, e.g. a connection_init whose payload is not the usual one. When the server has already
     * closed the connection (it refuses an anonymous connection_init without waiting for what follows), the message
     * cannot go any more and is dropped: the tests then read that close with {@link #untilClosed}.
     */
    public void send(String json) {
        try {
            socket.sendText(json, true).join();
        } catch (CompletionException e) {
            if (!socket.isInputClosed()) {
                throw e;
            }
        }
    }

    private void send(JsonNode message) {
        send(message.toString());
    }

    /** Every server message until the socket closes, the {@code closed} one last; fails when it stays open. */
    public List<JsonNode> untilClosed(Duration within) throws InterruptedException {
        List<JsonNode> messages = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode m = received.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                break;
            }
            messages.add(m);
            if ("closed".equals(m.path("type").asText())) {
                return messages;
            }
        }
        throw new AssertionError("the socket was still open after " + within + "; it sent " + messages);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    received.add(JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(JSON.createObjectNode().put("type", "closed").put("code", statusCode).put("reason", reason));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(JSON.createObjectNode().put("type", "closed").put("code", -1)
                    .put("reason", String.valueOf(error)));
        }
    }
}
