package ascc.core.http;

import java.util.Locale;

/**
 * One {@code Range: bytes=...} request header applied to a file of a known size (RFC 9110 14.2). Only a single range
 * is honoured; several ranges, another unit or a malformed header are ignored (the whole file is sent, which the RFC
 * allows). A range that starts past the end is unsatisfiable (416).
 *
 * @param kind what to send
 * @param start first byte to send
 * @param length how many bytes to send
 */
record ByteRange(Kind kind, long start, long length) {

    enum Kind {
        /** No (usable) range: 200 with the whole file. */
        WHOLE,
        /** 206 with {@code Content-Range: bytes start-end/size}. */
        PARTIAL,
        /** 416 with {@code Content-Range: bytes * /size}. */
        UNSATISFIABLE
    }

    static ByteRange whole(long size) {
        return new ByteRange(Kind.WHOLE, 0, size);
    }

    /** The range {@code header} (null: none) asks for in a file of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return whole(size);
        }
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 6).toLowerCase(Locale.ROOT).equals("bytes=") || h.indexOf(',') >= 0) {
            return whole(size);
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole(size);
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        if (first.isEmpty()) {
            long suffix = digits(last);
            if (suffix < 0) {
                return whole(size);
            }
            if (suffix == 0 || size == 0) {
                return new ByteRange(Kind.UNSATISFIABLE, 0, 0);
            }
            long start = Math.max(0, size - suffix);
            return new ByteRange(Kind.PARTIAL, start, size - start);
        }
        long start = digits(first);
        long end = last.isEmpty() ? Long.MAX_VALUE : digits(last);
        if (start < 0 || end < 0 || end < start) {
            return whole(size);
        }
        if (start >= size) {
            return new ByteRange(Kind.UNSATISFIABLE, 0, 0);
        }
        long endInclusive = Math.min(end, size - 1);
        return new ByteRange(Kind.PARTIAL, start, endInclusive - start + 1);
    }

    /** The value of decimal digits only (saturating at Long.MAX_VALUE), or -1 if {@code s} is not only digits. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
