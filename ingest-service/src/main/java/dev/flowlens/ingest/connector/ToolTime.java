package dev.flowlens.ingest.connector;

import dev.flowlens.events.EventValidator;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps the tools write, which are not all RFC 3339: GitLab webhooks send
 * {@code 2016-08-12 15:23:28 UTC} and {@code 2021-04-28 21:50:00 +0200}, Jira sends
 * {@code 2015-12-20T18:25:09.582+0000} and epoch milliseconds. Everything becomes a UTC instant.
 */
public final class ToolTime {

    private static final Pattern SPACED = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)\\s*(UTC|Z|[+-]\\d{2}:?\\d{2})$");

    private ToolTime() {
    }

    /** The instant of a tool timestamp; null when absent, blank or not a timestamp this class knows. */
    public static Instant parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        Instant rfc3339 = EventValidator.parseTime(t); // the common shape read directly, else ISO_OFFSET_DATE_TIME
        if (rfc3339 != null) {
            return rfc3339;
        }
        Matcher m = SPACED.matcher(t);
        if (!m.matches()) {
            return null;
        }
        String offset = m.group(3);
        if (offset.equals("UTC") || offset.equals("Z")) {
            offset = "Z";
        } else if (offset.length() == 5) {
            offset = offset.substring(0, 3) + ":" + offset.substring(3);
        }
        try {
            return OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + offset, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instant of an epoch-milliseconds value (Jira's webhook {@code timestamp}); null when not positive. */
    public static Instant ofEpochMilli(long ms) {
        return ms > 0 ? Instant.ofEpochMilli(ms) : null;
    }
}
