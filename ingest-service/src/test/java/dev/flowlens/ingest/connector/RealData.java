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
 * The repository's {@code testdata/} folder: the third-party payloads the mappers are tested on, each source with its
 * README (origin, commit, licence). Maven passes the repository's root as {@code flowlens.repository} (parent pom);
 * run outside Maven, the module's parent folder is taken. A missing folder fails the test: a mapper test that
 * silently tests nothing would pass for the wrong reason.
 */
public final class RealData {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;

    private RealData() {
    }

    /** The testdata folder. */
    public static synchronized Path root() {
        if (root != null) {
            return root;
        }
        Path repository = Path.of(System.getProperty("flowlens.repository", "..")).toAbsolutePath().normalize();
        Path candidate = repository.resolve("testdata");
        if (!Files.isRegularFile(candidate.resolve("README.md"))) {
            fail("testdata/README.md not found in " + repository + ": run the tests from the repository with Maven "
                    + "(the parent pom sets flowlens.repository to the repository's root)");
        }
        root = candidate;
        return root;
    }

    /** A file under testdata, which must exist. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("testdata file missing: " + p);
        }
        return p;
    }

    /** The JSON of a testdata file. */
    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The testdata-relative paths of the {@code .json} files under a folder, sorted. */
    public static Stream<String> jsonFiles(String folder) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) {
            fail("testdata folder missing: " + dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root().relativize(p).toString().replace('\\', '/')).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
