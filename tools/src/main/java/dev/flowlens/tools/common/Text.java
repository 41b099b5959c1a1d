package dev.flowlens.tools.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Locale;

/** Progress lines, time since a start, and what the table's header says about the machine. */
public final class Text {

    private Text() {
    }

    /** A progress line: the local time to the second, two spaces, the message. */
    public static void log(String format, Object... args) {
        System.out.println(LocalTime.now().withNano(0) + "  " + String.format(Locale.ROOT, format, args));
    }

    public static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    /** White space folded, cut to 160 characters. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    /** "N.N GiB memory" from /proc/meminfo, or "memory unknown". */
    public static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB memory", kb / 1048576.0);
                }
            }
        } catch (Exception ignored) {
            // not Linux: leave memory unknown
        }
        return "memory unknown";
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (Exception e) {
            return "unknown";
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
