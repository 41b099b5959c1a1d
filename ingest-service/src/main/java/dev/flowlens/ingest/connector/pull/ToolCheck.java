package dev.flowlens.ingest.connector.pull;

import dev.flowlens.ingest.connector.ConnectorKind;
import java.util.List;
import java.util.function.Supplier;

/**
 * A tool's connection test (schema.graphql {@code testConnector}): whether the tool accepts the connector's
 * credentials and whether they can read what the selector names. One {@code @ApplicationScoped} implementation per
 * tool package, next to its {@code ToolPuller}; {@link ConnectionTester} finds it by {@link #kind()} and checks the
 * address first. A tool without one gets the address check and a failed "credentials" check saying so.
 */
public interface ToolCheck {

    /** One check and its outcome: ok, or the tool's own error message (one line, as {@code lastError} shows it). */
    record Check(String name, boolean ok, String message) {

        /** Runs {@code call}: ok with what it answers, or failed with the message of the {@link PullFailure} it throws. */
        public static Check of(String name, Supplier<String> call) {
            try {
                return new Check(name, true, call.get());
            } catch (PullFailure e) {
                return new Check(name, false, e.getMessage());
            }
        }

        /** A check not run because an earlier one failed. */
        public static Check skipped(String name, String because) {
            return new Check(name, false, "not checked: " + because);
        }
    }

    ConnectorKind kind();

    /**
     * Checks the credentials ({@code "credentials"}) and then each part of the selector ({@code "selector <part>"}),
     * with the tool's cheapest calls, saving nothing. Runs on a worker thread and may block; each request goes through
     * {@code context}'s HTTP helper (address guard, no retries, no rate-limit wait longer than a few seconds).
     *
     * @param done where each check goes as soon as it is known, so that a test cut short by its time limit still
     *             shows the checks that finished
     */
    void check(PullContext context, List<Check> done);
}
