package dev.flowlens.metrics.calc.timeline;

/**
 * An item's id, key, title and url in one byte array (one object instead of four strings and their arrays). Each value
 * is a varint header, 0 for null, else {@code (chars << 1 | wide) + 1}, then its chars: one byte each when all are
 * below 256 (as Java's compact strings keep them), else two bytes each (UTF-16, big-endian), so every string,
 * malformed ones included, comes back exactly. Decoded on demand, for the few items a page or a list shows.
 */
final class ItemText {
    static final int ID = 0;
    static final int KEY = 1;
    static final int TITLE = 2;
    static final int URL = 3;

    private ItemText() {
    }

    static byte[] pack(String id, String key, String title, String url) {
        String[] parts = {id, key, title, url};
        int size = 0;
        for (String p : parts) {
            int bytes = p == null ? 0 : p.length() * (latin1(p) ? 1 : 2);
            size += varintSize(header(p)) + bytes;
        }
        byte[] out = new byte[size];
        int o = 0;
        for (String p : parts) {
            int h = header(p);
            while ((h & ~0x7F) != 0) {
                out[o++] = (byte) ((h & 0x7F) | 0x80);
                h >>>= 7;
            }
            out[o++] = (byte) h;
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

    /** True if value {@code which} of a packed array equals s (null equals null); builds no string. */
    static boolean equals(byte[] packed, int which, String s) {
        long at = locate(packed, which);
        int h = (int) (at >>> 32);
        if (h == 0 || s == null) {
            return h == 0 && s == null;
        }
        int chars = (h - 1) >>> 1;
        boolean wide = ((h - 1) & 1) != 0;
        if (chars != s.length()) {
            return false;
        }
        int o = (int) at;
        for (int i = 0; i < chars; i++, o += wide ? 2 : 1) {
            if (charAt(packed, o, wide) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@link String#hashCode()} of value {@code which} of a packed array (0 for null); builds no string. */
    static int hash(byte[] packed, int which) {
        long at = locate(packed, which);
        int h = (int) (at >>> 32);
        int chars = h == 0 ? 0 : (h - 1) >>> 1;
        boolean wide = h != 0 && ((h - 1) & 1) != 0;
        int hash = 0;
        int o = (int) at;
        for (int i = 0; i < chars; i++, o += wide ? 2 : 1) {
            hash = 31 * hash + charAt(packed, o, wide);
        }
        return hash;
    }

    /** Value {@code which} ({@link #ID}, {@link #KEY}, {@link #TITLE} or {@link #URL}) of a packed array. */
    static String get(byte[] packed, int which) {
        long at = locate(packed, which);
        int h = (int) (at >>> 32);
        if (h == 0) {
            return null;
        }
        int chars = (h - 1) >>> 1;
        boolean wide = ((h - 1) & 1) != 0;
        char[] cs = new char[chars];
        int o = (int) at;
        for (int i = 0; i < chars; i++, o += wide ? 2 : 1) {
            cs[i] = charAt(packed, o, wide);
        }
        return new String(cs);
    }

    /** Value {@code which}'s varint header (high 32 bits) and the offset of its first char byte (low 32 bits). */
    private static long locate(byte[] packed, int which) {
        int o = 0;
        for (int field = 0; ; field++) {
            int h = 0;
            int shift = 0;
            byte b;
            do {
                b = packed[o++];
                h |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            if (field == which) {
                return ((long) h << 32) | o;
            }
            int chars = h == 0 ? 0 : (h - 1) >>> 1;
            boolean wide = h != 0 && ((h - 1) & 1) != 0;
            o += chars * (wide ? 2 : 1);
        }
    }

    private static char charAt(byte[] packed, int o, boolean wide) {
        return wide ? (char) (((packed[o] & 0xFF) << 8) | (packed[o + 1] & 0xFF)) : (char) (packed[o] & 0xFF);
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
