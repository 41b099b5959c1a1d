package dev.flowlens.ingest.connector;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds {@code shared/realdata} (the third-party payloads the mappers are tested on). Locally it is
 * {@code ../../shared/realdata} from this module; CI clones the repository elsewhere with
 * {@code shared/} as a sibling of the clone, so every parent directory is searched. A missing folder
 * fails the test: a mapper test that silently tests nothing would pass for the wrong reason.
 */
public final class RealData {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;

    private RealData() {
    }

    /** The realdata folder. */
    public static synchronized Path root() {
        if (root != null) {
            return root;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {p.resolve("shared/realdata"), p.resolve("realdata")}) {
                if (Files.isRegularFile(candidate.resolve("README.md")) && Files.isDirectory(candidate.resolve("devlake"))) {
                    root = candidate;
                    return root;
                }
            }
        }
        fail("shared/realdata not found in " + start + " or any parent directory: the connector mapper tests need the "
                + "third-party payloads (check out shared/ next to the repository)");
        throw new AssertionError();
    }

    /** A file under realdata, which must exist. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("realdata file missing: " + p);
        }
        return p;
    }

    /** The JSON of a realdata file. */
    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The realdata-relative paths of the {@code .json} files under a folder, sorted. */
    public static Stream<String> jsonFiles(String folder) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) {
            fail("realdata folder missing: " + dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root().relativize(p).toString().replace('\\', '/')).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
