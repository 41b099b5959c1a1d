package dev.flowlens.metrics.calc;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository the peer checks and the contract test read: {@code testdata/devlake} (Apache DevLake's
 * fixtures, with their README) and {@code gateway/schema.graphql} (the public API's committed contract). Maven passes
 * the repository's root as {@code flowlens.repository} (parent pom); run outside Maven, the module's parent folder is
 * taken. A missing file FAILS the test: these checks must not be skipped silently.
 */
public final class RealData {
    private RealData() {
    }

    static Path repository() {
        Path repository = Path.of(System.getProperty("flowlens.repository", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(repository.resolve("testdata/README.md"))) {
            throw new AssertionError("testdata/README.md not found in " + repository + ": run the tests from the "
                    + "repository with Maven (the parent pom sets flowlens.repository to the repository's root)");
        }
        return repository;
    }

    /** The committed GraphQL schema, the contract the result records follow. */
    static Path graphqlSchema() {
        Path schema = repository().resolve("gateway/schema.graphql");
        if (!Files.isRegularFile(schema)) {
            throw new AssertionError("gateway/schema.graphql not found at " + schema);
        }
        return schema;
    }

    public static Path devlake(String sub) {
        Path d = repository().resolve("testdata/devlake").resolve(sub);
        if (!Files.isDirectory(d)) {
            throw new AssertionError("DevLake fixture folder missing: " + d);
        }
        return d;
    }
}
