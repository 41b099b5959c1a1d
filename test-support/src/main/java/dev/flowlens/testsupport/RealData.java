package dev.flowlens.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The repository's files the tests read: {@code testdata/} (the third-party payloads and fixtures, each source with
 * its README: origin, commit, licence) and committed contracts such as {@code gateway/schema.graphql}. Maven passes
 * the repository's root as {@code flowlens.repository} (parent pom); run outside Maven, the module's parent folder is
 * taken. A missing file or folder FAILS the test: a test that silently tests nothing would pass for the wrong reason.
 */
public final class RealData {

    /** A plain Jackson mapper for the fixtures' JSON. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static Path repository;

    private RealData() {
    }

    /** The repository's root (the folder that holds testdata/README.md). */
    public static synchronized Path repository() {
        if (repository == null) {
            Path candidate = Path.of(System.getProperty("flowlens.repository", "..")).toAbsolutePath().normalize();
            if (!Files.isRegularFile(candidate.resolve("testdata/README.md"))) {
                throw new AssertionError("testdata/README.md not found in " + candidate + ": run the tests from the "
                        + "repository with Maven (the parent pom sets flowlens.repository to the repository's root)");
            }
            repository = candidate;
        }
        return repository;
    }

    /** The testdata folder. */
    public static Path root() {
        return repository().resolve("testdata");
    }

    /** A file of the repository (relative to its root), which must exist. */
    public static Path repositoryFile(String relative) {
        Path p = repository().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(relative + " not found at " + p);
        }
        return p;
    }

    /** A file under testdata, which must exist. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("testdata file missing: " + p);
        }
        return p;
    }

    /** A folder under testdata, which must exist. */
    public static Path folder(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isDirectory(p)) {
            throw new AssertionError("testdata folder missing: " + p);
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
    public static Stream<String> jsonFiles(String relative) {
        Path dir = folder(relative);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root().relativize(p).toString().replace('\\', '/')).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
