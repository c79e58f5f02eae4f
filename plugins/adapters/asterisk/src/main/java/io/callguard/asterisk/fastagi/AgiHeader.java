package io.callguard.asterisk.fastagi;

import io.callguard.core.calls.CallKeys;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Direction;

import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code agi_*: value} header block Asterisk sends first, one line at a time, straight from the received
 * bytes, and keeps only the fields a decision needs: the name is compared as bytes and only the values of those
 * fields are ever turned into strings (a header is ~25 lines; a decision reads 7 of them).
 *
 * <p>asterisk-java's {@code AgiRequestImpl} cannot be built outside its package, so this follows its knowledge
 * directly: a header is {@code agi_<name>: <value>} lines ended by an empty line; the script is
 * {@code agi_network_script} without a leading '/' and without a query string; Asterisk writes
 * {@code unknown} for an absent caller id; AGI() arguments come as {@code agi_arg_1..N}. Asterisk 22 writes
 * LF only; a trailing CR is tolerated by the caller of {@link #accept}. Bytes are UTF-8; ':' and the ASCII names
 * never occur inside a multi-byte sequence, so matching them on bytes is the same as on the decoded text.
 */
final class AgiHeader {
    enum Step { MORE, COMPLETE, MALFORMED }

    private static final byte[] PREFIX = ascii("agi_");
    private static final byte[] NETWORK_SCRIPT = ascii("network_script");
    private static final byte[] CHANNEL = ascii("channel");
    private static final byte[] UNIQUEID = ascii("uniqueid");
    private static final byte[] CALLERID = ascii("callerid");
    private static final byte[] EXTENSION = ascii("extension");
    private static final byte[] ACCOUNTCODE = ascii("accountcode");
    private static final byte[] ARG_1 = ascii("arg_1");

    private final int maxLines;
    private int lines;
    private String problem;
    private String script = "";
    private String channel = "";
    private String uniqueId = "";
    private String callerId = "";
    private String extension = "";
    private String accountCode = "";
    private String firstArgument = "";
    private String asterisk = "";

    AgiHeader(int maxLines) { this.maxLines = maxLines; }

    /** Feeds one line without its line ending (tests and callers holding text). */
    Step accept(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return accept(b, 0, b.length);
    }

    /** Feeds one line, {@code bytes[from, to)}, without its line ending. */
    Step accept(byte[] bytes, int from, int to) {
        if (from == to) {
            if (lines == 0) return malformed("empty line before any agi_ variable");
            return Step.COMPLETE;
        }
        if (++lines > maxLines) return malformed("more than " + maxLines + " header lines");
        int colon = indexOf(bytes, from, to, (byte) ':');
        if (colon < 0 || !startsWith(bytes, from, to, PREFIX)) {
            return malformed("not an agi_ header line: " + new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }
        int name = from + PREFIX.length;
        int nameLength = colon - name;
        // dispatch on the name's length first: most of the ~25 lines are dismissed without comparing a byte
        switch (nameLength) {
            case 5 -> { if (is(bytes, name, ARG_1)) firstArgument = value(bytes, colon, to); }
            case 7 -> { if (is(bytes, name, CHANNEL)) channel = value(bytes, colon, to); }
            case 8 -> {
                if (is(bytes, name, UNIQUEID)) {
                    uniqueId = value(bytes, colon, to);
                } else if (is(bytes, name, CALLERID)) {
                    String v = value(bytes, colon, to);
                    callerId = "unknown".equals(v) ? "" : v;
                }
            }
            case 9 -> { if (is(bytes, name, EXTENSION)) extension = value(bytes, colon, to); }
            case 11 -> { if (is(bytes, name, ACCOUNTCODE)) accountCode = value(bytes, colon, to); }
            case 14 -> {
                if (is(bytes, name, NETWORK_SCRIPT)) {
                    String v = value(bytes, colon, to);
                    script = scriptPath(v);
                    asterisk = queryParameter(v, AgiAttribution.PARAMETER);
                }
            }
            default -> { /* not needed for a decision */ }
        }
        return Step.MORE;
    }

    private Step malformed(String what) {
        problem = what;
        return Step.MALFORMED;
    }

    /** What was wrong, for the log (raw peer text: pass it through {@link LogText}). */
    String problem() { return problem; }

    int lines() { return lines; }

    /** The script path as asked, normalised. */
    String script() { return script; }

    /** OUTBOUND for {@code outbound}, INBOUND for {@code inbound}, null for anything else. */
    Direction direction() {
        return switch (script) {
            case "outbound" -> Direction.OUTBOUND;
            case "inbound" -> Direction.INBOUND;
            default -> null;
        };
    }

    /** The {@code asterisk=} parameter of the AGI URL (the server the dialplan names), empty when absent. */
    String asterisk() { return asterisk; }

    /** The number to judge: the first AGI() argument when the dialplan passed one, else the extension. */
    String dialled() { return firstArgument.isEmpty() ? extension : firstArgument; }

    CallRequest toCallRequest(Direction direction) { return toCallRequest(direction, null); }

    /** The request, its Uniqueid qualified with {@code server} when not null (several Asterisk servers). */
    CallRequest toCallRequest(Direction direction, String server) {
        return new CallRequest(direction, accountCode, ChannelNames.endpointOf(channel), callerId, dialled(), channel,
                CallKeys.qualify(server, uniqueId));
    }

    /** The value of {@code name} in the query string of {@code script} ({@code outbound?asterisk=pbx-a}), else "". */
    static String queryParameter(String script, String name) {
        int query = script.indexOf('?');
        if (query < 0) return "";
        for (String pair : script.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) return pair.substring(eq + 1).strip();
        }
        return "";
    }

    static String scriptPath(String value) {
        String s = value;
        int query = s.indexOf('?');
        if (query >= 0) s = s.substring(0, query);
        while (s.startsWith("/")) s = s.substring(1);
        return s;
    }

    /** The text after the colon, without surrounding blanks (as {@link String#strip()} does). */
    private static String value(byte[] bytes, int colon, int to) {
        int from = colon + 1;
        while (from < to && bytes[from] == ' ') from++; // the usual single space, skipped without decoding it
        return from == to ? "" : new String(bytes, from, to - from, StandardCharsets.UTF_8).strip();
    }

    private static boolean is(byte[] bytes, int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (bytes[at + i] != name[i]) return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && is(bytes, from, prefix);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
