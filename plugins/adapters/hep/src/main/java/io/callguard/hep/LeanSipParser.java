package io.callguard.hep;

import java.nio.charset.StandardCharsets;

/**
 * Reads only what the rate rules need of a SIP message (RFC 3261 §7): the start line (request method, or response
 * status), Call-ID, CSeq (number and method) and the branch of the top Via, long or compact header names
 * ({@code i}, {@code v}), case-insensitive, without building the whole message. The body and every other header
 * are skipped. {@code plugins/bench}'s {@code HepIntakeBench} measures it against jain-sip's parser. Stateless.
 */
public final class LeanSipParser {
    private static final byte[] SIP_VERSION = "SIP/2.0".getBytes(StandardCharsets.US_ASCII);

    /** @throws HepFormatException no start line, a bad status code, or no header section end */
    public SipSummary parse(byte[] d, int offset, int length) throws HepFormatException {
        int end = offset + length;
        int lineEnd = lineEnd(d, offset, end);
        if (lineEnd < 0 || lineEnd == offset) throw new HepFormatException("SIP: no start line");
        boolean request;
        String method = "";
        String requestUri = "";
        int status = 0;
        if (startsWith(d, offset, lineEnd, SIP_VERSION) && offset + 8 < lineEnd && d[offset + 7] == ' ') {
            request = false;
            int s = offset + 8;
            if (lineEnd - s < 3) throw new HepFormatException("SIP: bad status line");
            for (int i = s; i < s + 3; i++) {
                if (d[i] < '0' || d[i] > '9') throw new HepFormatException("SIP: bad status code");
                status = status * 10 + (d[i] - '0');
            }
            if (status < 100 || status > 699) throw new HepFormatException("SIP: status code " + status);
        } else {
            request = true;
            int sp = indexOf(d, offset, lineEnd, (byte) ' ');
            if (sp <= offset) throw new HepFormatException("SIP: bad request line");
            for (int i = offset; i < sp; i++) {
                if (d[i] <= ' ' || d[i] >= 127) throw new HepFormatException("SIP: bad method");
            }
            if (!endsWith(d, offset, lineEnd, SIP_VERSION)) throw new HepFormatException("SIP: request line without SIP/2.0");
            method = ascii(d, offset, sp);
            int uriEnd = lineEnd - SIP_VERSION.length - 1;
            if (uriEnd <= sp + 1 || d[uriEnd] != ' ') throw new HepFormatException("SIP: bad request line");
            requestUri = ascii(d, sp + 1, uriEnd);
        }
        String callId = "";
        long cseq = -1;
        String cseqMethod = "";
        String branch = "";
        boolean viaSeen = false;
        int at = next(d, lineEnd, end);
        while (true) {
            if (at >= end) throw new HepFormatException("SIP: headers not ended by an empty line");
            int e = lineEnd(d, at, end);
            if (e < 0) throw new HepFormatException("SIP: headers not ended by an empty line");
            if (e == at) break; // the empty line: the body follows
            int colon = indexOf(d, at, e, (byte) ':');
            if (colon > at) {
                int nameEnd = trimEnd(d, at, colon);
                int v = trimStart(d, colon + 1, e);
                int vEnd = trimEnd(d, v, e);
                if (name(d, at, nameEnd, "call-id") || name(d, at, nameEnd, "i")) {
                    callId = ascii(d, v, vEnd);
                } else if (name(d, at, nameEnd, "cseq")) {
                    long n = 0;
                    int i = v;
                    while (i < vEnd && d[i] >= '0' && d[i] <= '9' && n < 1L << 32) n = n * 10 + (d[i++] - '0');
                    if (i == v) throw new HepFormatException("SIP: bad CSeq");
                    cseq = n;
                    cseqMethod = ascii(d, trimStart(d, i, vEnd), vEnd);
                } else if (!viaSeen && (name(d, at, nameEnd, "via") || name(d, at, nameEnd, "v"))) {
                    viaSeen = true;
                    branch = branch(d, v, vEnd);
                }
            }
            at = next(d, e, end);
        }
        if (!request) method = cseqMethod;
        return new SipSummary(request, method, requestUri, status, callId, cseq, branch);
    }

    /** The branch parameter of the first Via value (before a comma). */
    private static String branch(byte[] d, int from, int to) {
        int comma = indexOf(d, from, to, (byte) ',');
        int stop = comma < 0 ? to : comma;
        for (int i = from; i + 7 <= stop; i++) {
            if (d[i] == ';') {
                int p = trimStart(d, i + 1, stop);
                if (p + 7 <= stop && name(d, p, p + 6, "branch")) {
                    int eq = trimStart(d, p + 6, stop);
                    if (eq < stop && d[eq] == '=') {
                        int s = trimStart(d, eq + 1, stop);
                        int e = s;
                        while (e < stop && d[e] != ';' && d[e] != ' ' && d[e] != '\t') e++;
                        return ascii(d, s, e);
                    }
                }
            }
        }
        return "";
    }

    /** The end of the line starting at {@code from} (at its CR or LF), -1 when the data ends first. */
    private static int lineEnd(byte[] d, int from, int end) {
        for (int i = from; i < end; i++) if (d[i] == '\r' || d[i] == '\n') return i;
        return -1;
    }

    /** The start of the line after the one ending at {@code lineEnd} (CRLF or a bare LF). */
    private static int next(byte[] d, int lineEnd, int end) {
        if (d[lineEnd] == '\r' && lineEnd + 1 < end && d[lineEnd + 1] == '\n') return lineEnd + 2;
        return lineEnd + 1;
    }

    private static int indexOf(byte[] d, int from, int to, byte b) {
        for (int i = from; i < to; i++) if (d[i] == b) return i;
        return -1;
    }

    private static int trimStart(byte[] d, int from, int to) {
        while (from < to && (d[from] == ' ' || d[from] == '\t')) from++;
        return from;
    }

    private static int trimEnd(byte[] d, int from, int to) {
        while (to > from && (d[to - 1] == ' ' || d[to - 1] == '\t')) to--;
        return to;
    }

    /** Whether d[from, to) is {@code lower} ignoring ASCII case. */
    private static boolean name(byte[] d, int from, int to, String lower) {
        if (to - from != lower.length()) return false;
        for (int i = 0; i < lower.length(); i++) if ((d[from + i] | 0x20) != lower.charAt(i)) return false;
        return true;
    }

    private static boolean startsWith(byte[] d, int from, int to, byte[] p) {
        if (to - from < p.length) return false;
        for (int i = 0; i < p.length; i++) if (d[from + i] != p[i]) return false;
        return true;
    }

    private static boolean endsWith(byte[] d, int from, int to, byte[] p) {
        if (to - from < p.length) return false;
        for (int i = 0; i < p.length; i++) if (d[to - p.length + i] != p[i]) return false;
        return true;
    }

    private static String ascii(byte[] d, int from, int to) { return new String(d, from, to - from, StandardCharsets.ISO_8859_1); }
}
