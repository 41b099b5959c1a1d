package dev.flowlens.ingest.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.events.EventValidator;
import dev.flowlens.testsupport.RealData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden files of the connector mappers: {@code src/test/resources/golden/<tool>/...}, one per
 * testdata payload, holding exactly the events (and skip reasons) the mapper must produce.
 *
 * <p>They are compared exactly. To regenerate them after an intended mapping change run
 * {@code mvn -o -pl ingest-service test -Dtest='*MapperTest' -Dgolden.update=true}, then review the
 * diff by hand against the payloads (times, shas, statuses) before committing: a golden file that
 * encodes a wrong mapping is a defect, not a fixture.
 */
public final class Golden {

    /** Set {@code -Dgolden.update=true} to rewrite the golden files instead of comparing. */
    public static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    /** The golden folder in the source tree (so that an update writes where git sees it). */
    public static Path dir() {
        return Path.of(System.getProperty("user.dir")).resolve("src/test/resources/golden");
    }

    /** The golden JSON of one mapped payload. */
    public static ObjectNode of(String payloadPath, Mapping m) {
        ObjectNode n = RealData.JSON.createObjectNode();
        n.put("payload", payloadPath);
        ArrayNode events = n.putArray("events");
        m.events().forEach(events::add);
        ArrayNode skipped = n.putArray("skipped");
        m.skipped().forEach(skipped::add);
        return n;
    }

    /** Checks every event is valid, then compares with (or, on update, writes) the golden file. */
    public static void check(String goldenPath, ObjectNode actual) {
        int i = 0;
        for (JsonNode e : actual.get("events")) {
            var violations = EventValidator.validate(i++, e);
            if (!violations.isEmpty()) {
                fail(goldenPath + ": mapper produced an invalid event " + violations);
            }
        }
        Path file = dir().resolve(goldenPath);
        try {
            String pretty = RealData.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(actual) + "\n";
            if (UPDATE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, pretty);
                return;
            }
            if (!Files.isRegularFile(file)) {
                fail("golden file missing: " + file + " (create it on purpose with -Dgolden.update=true, then review it)");
            }
            String expected = Files.readString(file);
            assertEquals(RealData.JSON.readTree(expected), RealData.JSON.readTree(pretty),
                    () -> "mapping of " + actual.get("payload").asText() + " differs from " + file
                            + "\nexpected:\n" + expected + "\nactual:\n" + pretty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when a golden folder holds files no payload produced (a renamed or dropped payload). */
    public static void assertNoOrphans(String goldenFolder, Set<String> produced) {
        if (UPDATE) {
            return;
        }
        Path dir = dir().resolve(goldenFolder);
        try (Stream<Path> s = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            Set<String> orphans = new TreeSet<>();
            s.filter(Files::isRegularFile).forEach(p -> {
                String rel = dir().relativize(p).toString().replace('\\', '/');
                if (!produced.contains(rel)) {
                    orphans.add(rel);
                }
            });
            if (!orphans.isEmpty()) {
                fail("golden files without a payload: " + orphans);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
