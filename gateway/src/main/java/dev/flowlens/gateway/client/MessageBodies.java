package dev.flowlens.gateway.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The bytes of a message the RabbitMQ connector hands an {@code @Incoming} method, whatever type it chose for it. */
final class MessageBodies {

    private MessageBodies() {
    }

    static byte[] bytes(Object payload) {
        if (payload instanceof byte[] b) {
            return b;
        }
        if (payload instanceof Buffer b) {
            return b.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer b) {
            return b.getBytes();
        }
        if (payload instanceof JsonObject o) {
            return o.encode().getBytes(StandardCharsets.UTF_8);
        }
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }
}
