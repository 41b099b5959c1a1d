package dev.flowlens.tools.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Exact counts from a stack's database, through psql as user postgres on 127.0.0.1 (bin/flowlens's servers). */
public final class Psql {

    private Psql() {
    }

    /** The columns of a one-row query. */
    public static String[] row(String db, String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("psql on " + db + " failed: " + out);
        }
        return out.split("\\|");
    }

    /** A one-number query, e.g. a count. */
    public static long count(String db, String sql) throws IOException, InterruptedException {
        return Long.parseLong(row(db, sql)[0]);
    }
}
