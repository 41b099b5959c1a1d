package dev.flowlens.metrics.calc;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared folder (realdata fixtures, design contract). From the module dir it is ../shared (the real
 * checkout, /work/main/metrics-service -> /work/shared) or ../../shared (CI clones the repository with shared/ as
 * a sibling of the clone); from a scratch project it may be elsewhere, so every ancestor of the working directory
 * is searched for a child {@code shared/realdata}. A missing folder FAILS the test: these checks must not be
 * skipped silently.
 */
final class RealData {
    private RealData() {
    }

    static Path sharedDir() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("realdata"))) {
                return candidate;
            }
        }
        throw new AssertionError("shared/realdata not found as a child of any ancestor of " + start
                + ": the DevLake peer checks and the schema contract test need ../shared/realdata and "
                + "../shared/design (clone the shared folder next to the repository)");
    }

    static Path realData() {
        return sharedDir().resolve("realdata");
    }

    static Path designDir() {
        Path d = sharedDir().resolve("design");
        if (!Files.isDirectory(d)) {
            throw new AssertionError("shared/design not found at " + d);
        }
        return d;
    }

    static Path devlake(String sub) {
        Path d = realData().resolve("devlake").resolve(sub);
        if (!Files.isDirectory(d)) {
            throw new AssertionError("DevLake fixture folder missing: " + d);
        }
        return d;
    }
}
