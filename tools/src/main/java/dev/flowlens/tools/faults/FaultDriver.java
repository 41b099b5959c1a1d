package dev.flowlens.tools.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flowlens.tools.common.Events;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Options;
import dev.flowlens.tools.common.Psql;
import dev.flowlens.tools.common.Token;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fault tests (issue 6), driven against the "faults" stack that {@code bin/flowlens faults} starts. For each fault it
 * posts batches of events to ingest-service without pause, like a real client (a 503 is retried after its
 * Retry-After; a broken connection is retried), injects the fault through {@code bin/flowlens _fault <name> start|stop},
 * keeps posting a while after recovery, then waits until metrics-service holds exactly the transitions that ingest
 * accepted (answered 202) — none lost, none doubled — and prints one row per fault:
 * fault | requests | events accepted | lost | doubled | 503 | other 5xx | connection errors.
 * The {@code notifier} fault ({@link NotifierFault}) has a table of its own: fault | events expected | received | lost
 * | out of order | bad signatures | duplicates.
 *
 * <p>Run as {@code bin/tools faults.FaultDriver --ingest URL --metrics URL --oidc URL --db NAME [--only fault]}.
 */
public class FaultDriver {

    record Fault(String name, String description, int outageSeconds) {
    }

    static final List<Fault> FAULTS = List.of(
            new Fault("broker", "RabbitMQ stopped (rabbitmqctl stop_app) for 30 s, then started", 30),
            new Fault("database", "PostgreSQL stopped for 10 s, then started", 10),
            new Fault("crash", "metrics-service killed with SIGKILL mid-stream, then started again", 0),
            new Fault("sigterm", "ingest-service stopped with SIGTERM under load, then started again", 0),
            new Fault("metrics-sigterm", "metrics-service stopped with SIGTERM mid-stream, then started again", 0));

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String ingest;
    final String db;
    final Token token;

    FaultDriver(String ingest, String oidc, String db) {
        this.ingest = ingest;
        this.db = db;
        this.token = Token.ingest(HTTP, oidc, Duration.ofSeconds(120));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = Options.table("""
                ingest  http://localhost:38081
                metrics http://localhost:38082
                oidc    http://localhost:8180/realms/flowlens
                db      flowlens_metrics_faults
                only    ""
                """);
        Options opts = Options.parseOrExit(args, defaults);
        FaultDriver d = new FaultDriver(opts.get("ingest"), opts.get("oidc"), opts.get("db"));
        String only = opts.isBlank("only") ? null : opts.get("only");
        boolean known = only == null || only.equals(NotifierFault.NAME)
                || FAULTS.stream().anyMatch(f -> f.name().equals(only));
        if (!known) {
            System.err.println("unknown fault " + only + "; faults: " + FAULTS.stream().map(Fault::name).toList()
                    + " and " + NotifierFault.NAME);
            System.exit(2);
        }
        List<String> rows = new ArrayList<>();
        boolean ok = true;
        for (Fault f : FAULTS) {
            if (only != null && !only.equals(f.name())) {
                continue;
            }
            Result r = d.run(f);
            rows.add(r.row());
            ok &= r.lost == 0 && r.doubled == 0 && r.other5xx == 0;
        }
        NotifierFault.Result notifier = null;
        if (only == null || only.equals(NotifierFault.NAME)) {
            notifier = new NotifierFault(HTTP, d.ingest, opts.get("metrics"), opts.get("oidc"), d.db, d.token).run();
            ok &= notifier.passed();
        }
        System.out.println();
        if (!rows.isEmpty()) {
            System.out.println("fault     | what                                                              | requests | events accepted | lost | doubled | 503 (Retry-After) | other 5xx | connection errors (retried)");
            rows.forEach(System.out::println);
        }
        if (notifier != null) {
            if (!rows.isEmpty()) {
                System.out.println();
            }
            System.out.println(NotifierFault.Result.header());
            System.out.println(notifier.row());
        }
        System.out.println(ok ? "faults: PASS (nothing lost, nothing doubled, no unexpected 5xx; notifier events all"
                + " delivered, in order, signed)" : "faults: FAIL");
        System.exit(ok ? 0 : 1);
    }

    static final class Result {
        Fault fault;
        long requests, accepted, lost, doubled, unavailable, other5xx, connectionErrors, missingRetryAfter;

        String row() {
            return String.format(Locale.ROOT, "%-9s | %-65s | %8d | %15d | %4d | %7d | %17s | %9d | %d",
                    fault.name(), fault.description(), requests, accepted, lost, doubled,
                    unavailable + (missingRetryAfter > 0 ? " (" + missingRetryAfter + " without!)" : ""), other5xx,
                    connectionErrors);
        }
    }

    Result run(Fault fault) throws Exception {
        Result r = new Result();
        r.fault = fault;
        String run = "fault-" + fault.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        log("%s: posting (run %s)", fault.name(), run);
        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicLong acceptedTransitions = new AtomicLong();
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int poster = t;
            Thread th = new Thread(() -> post(run + "-" + poster, posting, acceptedTransitions, r));
            th.start();
            posters.add(th);
        }
        Thread.sleep(5_000);
        fault(fault.name(), "start");
        if (fault.outageSeconds() > 0) {
            Thread.sleep(fault.outageSeconds() * 1000L);
        }
        fault(fault.name(), "stop");
        Thread.sleep(10_000);
        posting.set(false);
        for (Thread th : posters) {
            th.join();
        }
        r.accepted = acceptedTransitions.get();
        log("%s: %d requests, %d transitions accepted; waiting for metrics-service to hold them", fault.name(),
                r.requests, r.accepted);
        long stored = -1;
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            stored = count("select count(*) from metrics.transition where item_id like '" + run + "%'");
            if (stored >= r.accepted) {
                Thread.sleep(3_000); // anything still in flight would show now
                stored = count("select count(*) from metrics.transition where item_id like '" + run + "%'");
                break;
            }
            Thread.sleep(1_000);
        }
        r.lost = Math.max(0, r.accepted - stored);
        r.doubled = Math.max(0, stored - r.accepted);
        log("%s: stored %d of %d", fault.name(), stored, r.accepted);
        return r;
    }

    /** Posts batches of one upsert and 9 transitions per item until told to stop; retries what was not accepted. */
    void post(String prefix, AtomicBoolean posting, AtomicLong acceptedTransitions, Result r) {
        int item = 0;
        while (posting.get()) {
            String itemId = prefix + ":" + item++;
            ArrayNode batch = Json.MAPPER.createArrayNode();
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(20, ChronoUnit.DAYS);
            batch.add(Events.event(itemId + ":up", "faults/driver", "workitem.upserted", base, null, Json.object()
                    .put("itemId", itemId).put("key", itemId).put("title", "Fault item").put("itemType", "feature")
                    .put("project", "FAULTS").put("status", "To Do").put("createdAt", Events.iso(base))));
            String[] statuses = { "To Do", "In Progress", "In Review", "Testing", "Done" };
            int transitions = 9;
            for (int i = 1; i <= transitions; i++) {
                Instant at = base.plus(i, ChronoUnit.HOURS);
                batch.add(Events.event(itemId + ":mv:" + i, "faults/driver", "workitem.transitioned", at, null,
                        Events.transition(itemId, statuses[(i - 1) % 4], statuses[i % 4 + (i == 9 ? 1 : 0)], at)));
            }
            byte[] body = Json.bytes(batch);
            // the same batch until it is accepted: what a client with a retry policy does
            while (true) {
                int status = send(body, r);
                if (status == 202) {
                    acceptedTransitions.addAndGet(transitions);
                    break;
                }
                if (status == 400 || status == 401 || status == 403 || status == 413 || status == 415) {
                    throw new IllegalStateException("ingest refused a valid batch: HTTP " + status);
                }
                if (!posting.get() && status != 503 && status > 0) {
                    break;
                }
            }
        }
    }

    static final Pattern RETRY_AFTER = Pattern.compile("(\\d+)");

    int send(byte[] body, Result r) {
        synchronized (r) {
            r.requests++;
        }
        try {
            HttpResponse<String> resp = HTTP.send(Http.events(ingest, token, body,
                    "application/cloudevents-batch+json", Duration.ofSeconds(15)), HttpResponse.BodyHandlers.ofString());
            int s = resp.statusCode();
            if (s == 503) {
                String after = resp.headers().firstValue("Retry-After").orElse(null);
                synchronized (r) {
                    r.unavailable++;
                    if (after == null) {
                        r.missingRetryAfter++;
                    }
                }
                Matcher m = RETRY_AFTER.matcher(after == null ? "1" : after);
                Thread.sleep(Math.min(5, m.find() ? Long.parseLong(m.group(1)) : 1) * 1000L);
            } else if (s >= 500) {
                synchronized (r) {
                    r.other5xx++;
                }
                log("unexpected HTTP %d: %s", s, resp.body());
                Thread.sleep(500);
            } else if (s == 401) {
                token.invalidate(); // expired: fetch a new one
            }
            return s;
        } catch (IOException e) {
            synchronized (r) {
                r.connectionErrors++;
            }
            sleep(500);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    long count(String sql) throws IOException, InterruptedException {
        try {
            return Psql.count(db, sql);
        } catch (IllegalStateException e) {
            return -1; // database not back yet
        }
    }

    static void fault(String name, String action) throws IOException, InterruptedException {
        log("fault %s: %s", name, action);
        // not inheritIO: a service the fault restarts would inherit the caller's stdout (bin/flowlens faults pipes it
        // into tee) and keep the pipe open after this driver ends
        File actions = new File(".flowlens/logs/faults-actions.log");
        Process p = new ProcessBuilder("bin/flowlens", "_fault", name, action)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(actions)).redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bin/flowlens _fault " + name + " " + action + " failed (see "
                    + actions + ")");
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("%s  %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }
}
