package dev.flowlens.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FlowEventCodec#fitsIn} answers exactly what measuring the written JSON answers. */
class FlowEventCodecSizeTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ALPHABET = "aZ09 \"\\/\n\t\u0001\u001f\u00e9\u20ac\ud83d\ude00<>&'";

    private static String text(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            int k = r.nextInt(ALPHABET.length());
            char c = ALPHABET.charAt(k);
            if (Character.isHighSurrogate(c)) {
                sb.append(c).append(ALPHABET.charAt(k + 1)); // keep the pair whole
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static JsonNode tree(Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(7) : r.nextInt(9);
        return switch (kind) {
            case 0 -> F.textNode(text(r, 40));
            case 1 -> F.numberNode(r.nextLong());
            case 2 -> F.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 3 -> F.numberNode(new BigInteger(200, r));
            case 4 -> F.numberNode(new BigDecimal(new BigInteger(120, r), r.nextInt(60) - 30));
            case 5 -> r.nextBoolean() ? F.booleanNode(r.nextBoolean()) : F.nullNode();
            case 6 -> F.numberNode(r.nextInt());
            case 7 -> {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(6); i > 0; i--) {
                    o.set(text(r, 12), tree(r, depth + 1));
                }
                yield o;
            }
            default -> {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(6); i > 0; i--) {
                    a.add(tree(r, depth + 1));
                }
                yield a;
            }
        };
    }

    @Test
    void fitsInAgreesWithTheWrittenSizeAtEveryLimitAroundIt() {
        Random r = new Random(7);
        int checked = 0;
        for (int n = 0; n < 3_000; n++) {
            JsonNode node = tree(r, 0);
            int size = FlowEventCodec.toBytes(node).length;
            for (int limit : new int[] {0, size / 2, size - 1, size, size + 1, size * 6 + 64}) {
                assertThat(FlowEventCodec.fitsIn(node, limit)).as("node %s, size %d, limit %d", node, size, limit)
                        .isEqualTo(size <= limit);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(18_000);
    }

    @Test
    void dataOverTheLimitIsStillRefused() {
        ObjectNode data = F.objectNode();
        data.put("blob", "x".repeat(EventValidator.MAX_DATA_BYTES));
        assertThat(FlowEventCodec.fitsIn(data, EventValidator.MAX_DATA_BYTES)).isFalse();
        ObjectNode small = F.objectNode();
        small.put("blob", "x".repeat(EventValidator.MAX_DATA_BYTES - 20));
        assertThat(FlowEventCodec.fitsIn(small, EventValidator.MAX_DATA_BYTES))
                .isEqualTo(FlowEventCodec.toBytes(small).length <= EventValidator.MAX_DATA_BYTES);
    }
}
