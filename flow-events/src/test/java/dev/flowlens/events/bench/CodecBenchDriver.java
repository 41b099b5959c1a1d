package dev.flowlens.events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.EventSamples;
import dev.flowlens.events.EventValidator;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec's work on the ingest path, on one build of flow-events ({@link CodecBench} loads one copy of this class
 * per build): ingest-service encodes each mapped event and validates its JSON ({@code Mapping.add}) and writes its
 * bytes; metrics-service parses a message body and decodes it ({@code FlowEventConsumer}), validation included.
 */
public final class CodecBenchDriver {

    private static final List<byte[]> BODIES = new ArrayList<>();
    private static final List<FlowEvent> EVENTS = new ArrayList<>();

    static {
        for (String s : EventSamples.ALL) {
            JsonNode node = FlowEventCodec.readTree(s.getBytes(StandardCharsets.UTF_8));
            FlowEvent e = FlowEventCodec.decode(node);
            EVENTS.add(e);
            BODIES.add(FlowEventCodec.toBytes(FlowEventCodec.encode(e)));
        }
    }

    /** Keeps the JIT from dropping the work. */
    public static volatile long sink;

    private CodecBenchDriver() {
    }

    /** What this build writes for each sample, decoded and encoded again, one per line. */
    public static byte[] written() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FlowEvent e : EVENTS) {
            out.writeBytes(FlowEventCodec.toBytes(FlowEventCodec.encode(e)));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Nanoseconds for {@code n} events encoded, validated and written, as ingest-service queues them. */
    public static long encode(int n) {
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            var json = FlowEventCodec.encode(EVENTS.get(i & 7));
            if (!EventValidator.validate(0, json).isEmpty()) {
                throw new IllegalStateException("invalid: " + json);
            }
            bytes += FlowEventCodec.toBytes(json).length;
        }
        long nanos = System.nanoTime() - start;
        sink += bytes;
        return nanos;
    }

    /** Nanoseconds for {@code n} events encoded and written, without validation. */
    public static long encodeOnly(int n) {
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            bytes += FlowEventCodec.toBytes(FlowEventCodec.encode(EVENTS.get(i & 7))).length;
        }
        long nanos = System.nanoTime() - start;
        sink += bytes;
        return nanos;
    }

    /** Nanoseconds for {@code n} message bodies parsed and decoded (validation included), as metrics-service does. */
    public static long decode(int n) {
        long h = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            FlowEvent e = FlowEventCodec.decode(FlowEventCodec.readTree(BODIES.get(i & 7)));
            h += e.data().hashCode();
        }
        long nanos = System.nanoTime() - start;
        sink += h;
        return nanos;
    }
}
