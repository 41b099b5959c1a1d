package dev.flowlens.metrics.calc.timeline;

/**
 * An item's id, key and url packed as bytes (in {@link StatusHistory}'s one array; the title is not kept, see
 * docs/decisions.md "Titles from PostgreSQL"). Each
 * string is a varint header, 0 for null, else {@code (chars << 1 | wide) + 1}, then its chars: one byte each when all
 * are below 256 (as Java's compact strings keep them), else two bytes each (UTF-16, big-endian), so every string,
 * malformed ones included, comes back exactly. Decoded on demand, for the few items a page or a list shows.
 *
 * <p>The id and the url are stored as a beginning shared with other items ({@link TextPrefixes}), whether the key
 * follows it, and the rest: {@code jira:PAY-1} is the beginning {@code jira:}, the key, and nothing; a url is the
 * beginning up to the key (or, without the key in it, up to its last {@code /}), the key, and the rest. Before each of
 * the two, a varint ref: 0 when the whole string follows, else {@code 1 + (beginning << 1 | key follows)}.
 */
final class ItemText {
    static final int ID = 0;
    static final int KEY = 1;
    static final int URL = 2;

    private ItemText() {
    }

    static byte[] pack(String id, String key, String url, TextPrefixes prefixes) {
        int[] refs = {ref(id, key, prefixes), 0, ref(url, key, prefixes)};
        String[] parts = {rest(id, key, refs[ID], prefixes), key, rest(url, key, refs[URL], prefixes)};
        int size = varintSize(refs[ID]) + varintSize(refs[URL]);
        for (String p : parts) {
            int bytes = p == null ? 0 : p.length() * (latin1(p) ? 1 : 2);
            size += varintSize(header(p)) + bytes;
        }
        byte[] out = new byte[size];
        int o = 0;
        for (int field = ID; field <= URL; field++) {
            if (field == ID || field == URL) {
                o = putVarint(out, o, refs[field]);
            }
            String p = parts[field];
            o = putVarint(out, o, header(p));
            if (p == null) {
                continue;
            }
            boolean wide = !latin1(p);
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (wide) {
                    out[o++] = (byte) (c >>> 8);
                }
                out[o++] = (byte) c;
            }
        }
        return out;
    }

    /** The ref of a string that has a beginning numbered in prefixes, else 0 (the string is kept whole). */
    private static int ref(String s, String key, TextPrefixes prefixes) {
        if (s == null) {
            return 0;
        }
        int at = key == null || key.isEmpty() ? -1 : s.indexOf(key);
        String prefix;
        if (at >= 0) {
            prefix = s.substring(0, at);
        } else {
            int slash = s.lastIndexOf('/');
            if (slash <= 0) {
                return 0;
            }
            prefix = s.substring(0, slash + 1);
        }
        int n = prefixes.number(prefix);
        return n < 0 ? 0 : 1 + ((n << 1) | (at >= 0 ? 1 : 0));
    }

    /** What of s follows its beginning (and the key) under ref. */
    private static String rest(String s, String key, int ref, TextPrefixes prefixes) {
        if (ref == 0) {
            return s;
        }
        int skip = prefixes.prefix((ref - 1) >>> 1).length() + (((ref - 1) & 1) != 0 ? key.length() : 0);
        return s.substring(skip);
    }

    /** True if value {@code which} of text packed from {@code from} on equals s (null equals null). */
    static boolean equals(byte[] packed, int from, int which, String s, TextPrefixes prefixes) {
        return java.util.Objects.equals(get(packed, from, which, prefixes), s);
    }

    /** {@link String#hashCode()} of value {@code which} of text packed from {@code from} on (0 for null). */
    static int hash(byte[] packed, int from, int which, TextPrefixes prefixes) {
        String s = get(packed, from, which, prefixes);
        return s == null ? 0 : s.hashCode();
    }

    /** Value {@code which} ({@link #ID}, {@link #KEY} or {@link #URL}) of a packed array. */
    static String get(byte[] packed, int which, TextPrefixes prefixes) {
        return get(packed, 0, which, prefixes);
    }

    /** Value {@code which} of text packed from {@code from} on in a larger array. */
    static String get(byte[] packed, int from, int which, TextPrefixes prefixes) {
        int[] at = {from};
        String key = null;
        for (int field = ID; ; field++) {
            int ref = field == ID || field == URL ? readVarint(packed, at) : 0;
            String literal = literal(packed, at);
            if (field == KEY) {
                key = literal;
            }
            if (field == which) {
                if (ref == 0) {
                    return literal;
                }
                if (which == ID && ((ref - 1) & 1) != 0) {
                    key = literal(packed, at); // the key follows the id
                }
                String prefix = prefixes.prefix((ref - 1) >>> 1);
                return ((ref - 1) & 1) != 0 ? prefix + key + literal : prefix + literal;
            }
        }
    }

    /** The string at at[0] (header and chars), moving at[0] past it. */
    private static String literal(byte[] packed, int[] at) {
        int h = readVarint(packed, at);
        if (h == 0) {
            return null;
        }
        int chars = (h - 1) >>> 1;
        boolean wide = ((h - 1) & 1) != 0;
        char[] cs = new char[chars];
        int o = at[0];
        for (int i = 0; i < chars; i++, o += wide ? 2 : 1) {
            cs[i] = wide ? (char) (((packed[o] & 0xFF) << 8) | (packed[o + 1] & 0xFF)) : (char) (packed[o] & 0xFF);
        }
        at[0] = o;
        return new String(cs);
    }

    private static int readVarint(byte[] packed, int[] at) {
        int v = 0;
        int shift = 0;
        byte b;
        do {
            b = packed[at[0]++];
            v |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    private static int putVarint(byte[] out, int o, int v) {
        while ((v & ~0x7F) != 0) {
            out[o++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[o++] = (byte) v;
        return o;
    }

    private static int header(String s) {
        return s == null ? 0 : ((s.length() << 1) | (latin1(s) ? 0 : 1)) + 1;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
