package dev.flowlens.gateway.graphql;

import dev.flowlens.testsupport.RealData;
import graphql.schema.diff.DiffEvent;
import graphql.schema.diff.SchemaDiff;
import graphql.schema.diff.SchemaDiffSet;
import graphql.schema.diff.reporting.CapturingReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The public schema as a contract: the committed SDL ({@code gateway/schema.graphql}), the schema of the last release
 * ({@code gateway/schema-releases/}), and graphql-java's {@link SchemaDiff} to tell a breaking change (a removed or
 * renamed type, field, argument or enum value, an argument or input field made required, an output made nullable)
 * from an addition.
 */
final class SchemaCompatibility {

    /** The newest released schema; a release copies gateway/schema.graphql here as the next version. */
    static final String LAST_RELEASE = "schema-releases/v1.graphql";

    private SchemaCompatibility() {
    }

    /** The gateway module's folder in the repository (Maven passes the repository's root as flowlens.repository). */
    static Path gatewayDir() {
        return RealData.repository().resolve("gateway");
    }

    static Path committedSchema() {
        return gatewayDir().resolve("schema.graphql");
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Each change from {@code oldSdl} to {@code newSdl} that breaks a client of the old schema, one line each. */
    static List<String> breakages(String oldSdl, String newSdl) {
        CapturingReporter reporter = new CapturingReporter();
        new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromSdl(oldSdl, newSdl), reporter);
        return reporter.getBreakages().stream().map(SchemaCompatibility::describe).toList();
    }

    private static String describe(DiffEvent e) {
        return e.getCategory() + " " + e.getTypeName() + (e.getFieldName() == null ? "" : "." + e.getFieldName())
                + ": " + e.getReasonMsg();
    }
}
