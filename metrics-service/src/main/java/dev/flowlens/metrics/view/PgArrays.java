package dev.flowlens.metrics.view;

import java.util.Arrays;

/**
 * Reads PostgreSQL values in their text form: one-dimensional arrays (what {@code array_out} writes, as the JDBC driver hands
 * it over with {@code getString}) and {@code timestamptz_send} values (one or several concatenated in a
 * {@code bytea}, written in hex), into primitive arrays, without an object per element: the fact cache's first load
 * reads millions of items with ten transitions each, and the driver's {@code getArray} builds a boxed {@code Long},
 * an {@code OffsetDateTime} or a new {@code String} for every one of them. Text elements go through {@link Spellings}, which hands out one
 * String per distinct spelling (statuses: a handful of them).
 *
 * <p>The form: {@code {e1,e2,...}}; an element is written in double quotes when it is empty, is {@code NULL} in any
 * case, or holds a brace, comma, double quote, backslash or white space, and inside quotes a backslash escapes the
 * next character; an unquoted {@code NULL} is null. Arrays with other lower bounds than 1 ({@code [0:1]={...}}) or
 * more dimensions are refused: array_agg never writes them.
 */
final class PgArrays {
    private PgArrays() {
    }

    /** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch of timestamps. */
    static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /**
     * Reads {@code timestamptz_send} values concatenated in one {@code bytea} (hex form, {@code \x} then 16 hex digits
     * per value: big-endian microseconds from 2000-01-01) as epoch microseconds into {@code into} from index
     * {@code at} on, grown when too small; returns the array written to; the index after the last value goes to
     * {@code next[0]}.
     *
     * @throws IllegalArgumentException if the text is not such a bytea, or a value is infinity
     */
    static long[] timestamps(String hex, long[] into, int at, int[] next) {
        if (hex.length() < 2 || hex.charAt(0) != '\\' || hex.charAt(1) != 'x' || (hex.length() - 2) % 16 != 0) {
            throw malformed(hex, "not timestamptz_send values in hex");
        }
        int count = (hex.length() - 2) / 16;
        long[] out = into.length >= at + count ? into : Arrays.copyOf(into, Math.max(at + count, into.length * 2));
        for (int k = 0, i = 2; k < count; k++) {
            long v = 0;
            for (int end = i + 16; i < end; i++) {
                v = (v << 4) | hexDigit(hex, i);
            }
            if (v == Long.MAX_VALUE || v == Long.MIN_VALUE) {
                throw malformed(hex, "a time is infinity");
            }
            out[at + k] = v + PG_EPOCH_MICROS;
        }
        next[0] = at + count;
        return out;
    }

    /** One {@code timestamptz_send} value (see {@link #timestamps}) as epoch microseconds. */
    static long timestamp(String hex) {
        int[] next = new int[1];
        long[] one = timestamps(hex, new long[1], 0, next);
        if (next[0] != 1) {
            throw malformed(hex, next[0] + " times where one was expected");
        }
        return one[0];
    }

    private static int hexDigit(String s, int i) {
        char ch = s.charAt(i);
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        throw malformed(s, "'" + ch + "' is not a hex digit");
    }

    /**
     * Reads a {@code text[]} into {@code into} from index {@code at} on, grown when too small, each element as
     * {@link Spellings#of} gives it (null for NULL); returns the array written to; the index after the last element
     * goes to {@code next[0]}.
     */
    static String[] texts(String text, String[] into, int at, int[] next, Spellings spellings) {
        int end = open(text);
        String[] out = into;
        int n = at;
        int i = 1;
        StringBuilder unescaped = null;
        if (i < end) {
            while (true) {
                String value;
                if (text.charAt(i) == '"') {
                    int from = ++i;
                    boolean escapes = false;
                    for (; i < end && text.charAt(i) != '"'; i++) {
                        if (text.charAt(i) == '\\') {
                            escapes = true;
                            i++;
                        }
                    }
                    if (i >= end) {
                        throw malformed(text, "a quoted element is not closed");
                    }
                    if (escapes) {
                        unescaped = unescaped == null ? new StringBuilder() : unescaped;
                        unescaped.setLength(0);
                        for (int k = from; k < i; k++) {
                            char ch = text.charAt(k);
                            if (ch == '\\') {
                                ch = text.charAt(++k);
                            }
                            unescaped.append(ch);
                        }
                        value = spellings.of(unescaped, 0, unescaped.length());
                    } else {
                        value = spellings.of(text, from, i);
                    }
                    i++; // the closing quote
                } else {
                    int from = i;
                    while (i < end && text.charAt(i) != ',') {
                        i++;
                    }
                    value = i - from == 4 && text.regionMatches(true, from, "NULL", 0, 4) ? null
                            : spellings.of(text, from, i);
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, Math.max(16, n * 2));
                }
                out[n++] = value;
                if (i == end) {
                    break;
                }
                if (text.charAt(i) != ',') {
                    throw malformed(text, "'" + text.charAt(i) + "' after an element");
                }
                i++;
            }
        }
        next[0] = n;
        return out;
    }

    /** The index of the closing brace, after checking the form's frame. */
    private static int open(String text) {
        int end = text.length() - 1;
        if (end < 1 || text.charAt(0) != '{' || text.charAt(end) != '}') {
            throw malformed(text, "not a one-dimensional array with lower bound 1");
        }
        if (end > 1 && text.charAt(1) == '{') {
            throw malformed(text, "more than one dimension");
        }
        return end;
    }

    private static IllegalArgumentException malformed(String text, String why) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new IllegalArgumentException("array from PostgreSQL not understood (" + why + "): " + shown);
    }

    /**
     * One String per distinct spelling read: a small open-addressing table keyed by the characters, so that reading a
     * known spelling builds nothing. Keeps at most {@link #MAX} spellings; beyond that (a tool with thousands of
     * status names) a new String is built for each element not held.
     */
    static final class Spellings {
        static final int MAX = 4096;
        private String[] table = new String[64];
        private int size;

        String of(CharSequence s, int from, int to) {
            int h = 0;
            for (int k = from; k < to; k++) {
                h = 31 * h + s.charAt(k);
            }
            int mask = table.length - 1;
            for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
                String known = table[slot];
                if (known == null) {
                    String fresh = s.subSequence(from, to).toString();
                    if (size < MAX) {
                        table[slot] = fresh;
                        if (++size * 2 > table.length) {
                            grow();
                        }
                    }
                    return fresh;
                }
                if (known.length() == to - from && known.hashCode() == h && same(known, s, from)) {
                    return known;
                }
            }
        }

        private static boolean same(String known, CharSequence s, int from) {
            for (int k = 0; k < known.length(); k++) {
                if (known.charAt(k) != s.charAt(from + k)) {
                    return false;
                }
            }
            return true;
        }

        private static int mix(int h) {
            return (h * 0x9E3779B9) >>> 7;
        }

        private void grow() {
            String[] old = table;
            table = new String[old.length * 2];
            int mask = table.length - 1;
            for (String s : old) {
                if (s != null) {
                    int slot = mix(s.hashCode()) & mask;
                    while (table[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    table[slot] = s;
                }
            }
        }
    }
}
