package dev.flowlens.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks posted events against docs/events.md and names the index and field of every problem, so a
 * client fixes a whole batch in one round. The envelope's rules are here; each type's {@code data} is checked
 * against the fields its record declares ({@link EventData}, read by {@link EventSchema}). Pure: no I/O.
 */
public final class EventValidator {

    /** Largest accepted {@code data}, in UTF-8 bytes of its JSON (EVENTS.md). */
    public static final int MAX_DATA_BYTES = 256 * 1024;
    /** Longest accepted string attribute; ids and names beyond this are a client bug, not data. */
    public static final int MAX_STRING_LENGTH = 4096;
    /** Earliest instant accepted: anything before is a unit or parsing bug at the source. */
    public static final Instant MIN_TIME = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest instant accepted. */
    public static final Instant MAX_TIME = Instant.parse("2200-01-01T00:00:00Z");

    private EventValidator() {
    }

    /** Validates one event of a batch; an empty list means it is valid. */
    public static List<Violation> validate(int index, JsonNode event) {
        List<Violation> out = new ArrayList<>();
        if (event == null || !event.isObject()) {
            out.add(new Violation(index, "(event)", "must be a JSON object"));
            return out;
        }
        JsonNode spec = event.get("specversion");
        if (spec == null || !spec.isTextual() || !FlowEvent.SPEC_VERSION.equals(spec.asText())) {
            out.add(new Violation(index, "specversion", "must be \"1.0\""));
        }
        requireText(index, event, "id", out);
        requireText(index, event, "source", out);
        optionalText(index, event, "subject", "subject", out);
        JsonNode dct = event.get("datacontenttype");
        if (dct != null && !dct.isNull()
                && !(dct.isTextual() && dct.asText().toLowerCase().startsWith("application/json"))) {
            out.add(new Violation(index, "datacontenttype", "must be application/json"));
        }
        checkTime(index, event.get("time"), "time", true, out);
        // our one extension attribute (a CloudEvents Timestamp); any other extension is allowed and ignored
        checkTime(index, event.get(FlowEvent.MAPPED_ATTRIBUTE), FlowEvent.MAPPED_ATTRIBUTE, false, out);
        JsonNode typeNode = event.get("type");
        EventType type = null;
        if (typeNode == null || !typeNode.isTextual()) {
            out.add(new Violation(index, "type", "is required"));
        } else {
            type = EventType.fromWireName(typeNode.asText()).orElse(null);
            if (type == null) {
                out.add(new Violation(index, "type", "unknown event type '" + clip(typeNode.asText())
                        + "' (expected one of " + knownTypes() + ")"));
            }
        }
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            out.add(new Violation(index, "data", "is required and must be a JSON object"));
            return out;
        }
        if (!FlowEventCodec.fitsIn(data, MAX_DATA_BYTES)) {
            out.add(new Violation(index, "data", "is larger than " + MAX_DATA_BYTES + " bytes"));
            return out;
        }
        if (type != null) {
            for (EventSchema.Field f : EventSchema.of(type).fields()) {
                checkField(index, data, f, out);
            }
        }
        return out;
    }

    private static void checkField(int index, JsonNode data, EventSchema.Field f, List<Violation> out) {
        String path = f.path();
        JsonNode v = data.get(f.name());
        boolean absent = v == null || v.isNull();
        if (absent) {
            if (f.required()) {
                out.add(new Violation(index, path, "is required"));
            }
            return;
        }
        switch (f.kind()) {
            case STRING, WEB_URL, WORD -> {
                if (!v.isTextual()) {
                    out.add(new Violation(index, path, "must be a string"));
                } else if (f.required() && v.asText().isBlank()) {
                    out.add(new Violation(index, path, "must not be blank"));
                } else if (v.asText().length() > MAX_STRING_LENGTH) {
                    out.add(new Violation(index, path, "is longer than " + MAX_STRING_LENGTH + " characters"));
                } else if (f.kind() == EventSchema.Kind.WORD && !f.isWord(v.asText())) {
                    out.add(new Violation(index, path, "must be one of " + f.sortedWords() + ", got '"
                            + clip(v.asText()) + "'"));
                } else if (f.kind() == EventSchema.Kind.WEB_URL && !isWebUrl(v.asText())) {
                    out.add(new Violation(index, path, "must be an absolute http or https URL, got '"
                            + clip(v.asText()) + "'"));
                }
            }
            case TIME -> checkTime(index, v, path, f.required(), out);
            case FLAG -> {
                if (!v.isBoolean()) {
                    out.add(new Violation(index, path, "must be true or false"));
                }
            }
            case STRING_LIST -> {
                if (!v.isArray()) {
                    out.add(new Violation(index, path, "must be an array of strings"));
                    return;
                }
                int i = 0;
                for (Iterator<JsonNode> it = v.elements(); it.hasNext(); i++) {
                    JsonNode e = it.next();
                    if (!e.isTextual() || e.asText().length() > MAX_STRING_LENGTH) {
                        out.add(new Violation(index, path + "[" + i + "]", "must be a string of at most "
                                + MAX_STRING_LENGTH + " characters"));
                    }
                }
            }
        }
    }

    private static void requireText(int index, JsonNode event, String name, List<Violation> out) {
        JsonNode v = event.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            out.add(new Violation(index, name, "is required and must be a non-blank string"));
        } else if (v.asText().length() > MAX_STRING_LENGTH) {
            out.add(new Violation(index, name, "is longer than " + MAX_STRING_LENGTH + " characters"));
        }
    }

    private static void optionalText(int index, JsonNode event, String name, String path, List<Violation> out) {
        JsonNode v = event.get(name);
        if (v != null && !v.isNull() && (!v.isTextual() || v.asText().length() > MAX_STRING_LENGTH)) {
            out.add(new Violation(index, path, "must be a string of at most " + MAX_STRING_LENGTH + " characters"));
        }
    }

    private static void checkTime(int index, JsonNode v, String path, boolean required, List<Violation> out) {
        if (v == null || v.isNull()) {
            if (required) {
                out.add(new Violation(index, path, "is required"));
            }
            return;
        }
        if (!v.isTextual()) {
            out.add(new Violation(index, path, "not an RFC 3339 time (must be a string like 2026-03-02T09:15:00Z)"));
            return;
        }
        Instant t = parseTime(v.asText());
        if (t == null) {
            out.add(new Violation(index, path, "not an RFC 3339 time with an offset: '" + clip(v.asText()) + "'"));
        } else if (t.isBefore(MIN_TIME) || !t.isBefore(MAX_TIME)) {
            out.add(new Violation(index, path, "out of range (must be between " + MIN_TIME + " and " + MAX_TIME + ")"));
        }
    }

    /**
     * Whether {@code s} is an absolute http or https URL with a host: the only kind of link Flowlens passes on to
     * browsers. Anything else ({@code javascript:}, {@code data:}, a relative path) would run script in, or
     * resolve against, the dashboard's origin when a user clicks it.
     */
    public static boolean isWebUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getRawAuthority() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Parses an RFC 3339 time with an offset into UTC; null when it is not one (or longer than 64 characters). */
    public static Instant parseTime(String s) {
        if (s.length() > 64) {
            return null;
        }
        try {
            Instant fast = parseCommon(s);
            return fast != null ? fast : OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The shape every tool and Flowlens itself writes, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, read
     * directly: {@code ISO_OFFSET_DATE_TIME} takes about ten times longer (its optional sections copy a map per
     * parse), and every event carries two or three times, validated on ingest and decoded again by each consumer.
     * Null when {@code s} has another shape (the formatter then decides); a DateTimeException for a field out of
     * range, as the formatter would.
     */
    static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count == 0 || (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, i + 3);
            int om = digits(s, i + 4, i + 6);
            if (oh < 0 || om < 0) {
                return null;
            }
            int sign = s.charAt(i) == '-' ? -1 : 1;
            offsetSeconds = ZoneOffset.ofHoursMinutes(sign * oh, sign * om).getTotalSeconds();
        } else {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.ofTotalSeconds(
                offsetSeconds));
    }

    /** The non-negative number of s[from, to), all ASCII digits; -1 otherwise. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String knownTypes() {
        List<String> names = new ArrayList<>();
        for (EventType t : EventType.values()) {
            names.add(t.wireName());
        }
        return String.join(", ", names);
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
