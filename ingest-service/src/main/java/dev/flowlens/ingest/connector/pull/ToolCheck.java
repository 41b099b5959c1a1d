package dev.flowlens.ingest.connector.pull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.ConnectorKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
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

    /**
     * One {@code "selector <part>"} check per comma-separated part of the connector's selector (repositories,
     * projects, services, jobs), each {@code read} by the tool's cheapest call for it; skipped when the credentials
     * were refused.
     *
     * @param read answers the check's detail ("readable", a name), or throws the tool's {@link PullFailure}
     */
    static void eachSelectorPart(PullContext context, Check credentials, List<Check> done, Function<String, String> read) {
        for (String part : Arrays.stream(context.settings().selector().split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList()) {
            String name = "selector " + part;
            done.add(credentials.ok() ? Check.of(name, () -> read.apply(part)) : Check.skipped(name, "the credentials were refused"));
        }
    }

    /** "accepted for <name>", the name as a "who am I" answer gives it in {@code field}; "accepted" when it has none. */
    static String acceptedFor(ToolHttp.Answer answer, String field) {
        JsonNode me;
        try {
            me = FlowEventCodec.readTree(answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            me = null;
        }
        String who = me == null ? null : me.path(field).asText(null);
        return who == null || who.isBlank() ? "accepted" : "accepted for " + who;
    }
}
