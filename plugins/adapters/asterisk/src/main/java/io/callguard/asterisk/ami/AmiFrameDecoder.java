package io.callguard.asterisk.ami;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one AMI frame (its lines, the blank line already cut off), from the bytes {@link AmiFramer} hands over.
 * The {@code Event:} line is looked at first: an event callguard does not read is dropped there, with nothing
 * allocated. A read event is decoded in one scan of its lines: only the values its {@link AmiEvent} record needs
 * become Strings, and its numbers are read from the bytes; a response (rare) keeps all its lines, through a String
 * of the frame. No reflection. Not thread-safe state: none (static methods).
 */
final class AmiFrameDecoder {
    /** What a frame turned out to be. */
    sealed interface Decoded { }

    /** An event nobody reads (or a frame that only held blank lines). */
    record Skipped() implements Decoded { }

    /** A frame that is neither an event nor a response. */
    record Malformed(String why) implements Decoded { }

    record Event(AmiEvent event) implements Decoded { }

    /** A response; {@code wireActionId} is the ActionID as on the wire. */
    record Response(String wireActionId, String response, String message, Map<String, String> fields) implements Decoded { }

    static final Skipped SKIPPED = new Skipped();

    private static final byte[] EVENT = "Event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "Response:".getBytes(StandardCharsets.US_ASCII);

    // The events read, by index; their names as bytes for the first-line test.
    private static final String[] NAMES = {"Newchannel", "Newstate", "Hangup", "DialBegin", "DialEnd",
            "CoreShowChannel", "CoreShowChannelsComplete", "OriginateResponse", "FullyBooted", "Shutdown"};
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];
    static {
        for (int i = 0; i < NAMES.length; i++) NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }

    private static final String[] NEWCHANNEL = keys("Uniqueid", "Linkedid", "Channel", "AccountCode", "CallerIDNum",
            "Exten", "Context", "ChannelState", "ChannelStateDesc");
    private static final String[] NEWSTATE = keys("Uniqueid", "Linkedid", "ChannelState", "ChannelStateDesc");
    private static final String[] HANGUP = keys("Uniqueid", "Linkedid", "Channel", "AccountCode", "Cause", "Cause-txt",
            "TechCause");
    private static final String[] DIAL_BEGIN = keys("Uniqueid", "Linkedid", "DestUniqueid", "DestLinkedid", "DestChannel");
    private static final String[] DIAL_END = keys("Uniqueid", "Linkedid", "DestUniqueid", "DialStatus");
    private static final String[] CORE_SHOW_CHANNEL = keys("ActionID", "Uniqueid", "Linkedid", "Channel", "AccountCode",
            "CallerIDNum", "Exten", "Context", "ChannelStateDesc", "Duration");
    private static final String[] COMPLETE = keys("ActionID", "ListItems");
    private static final String[] ORIGINATE_RESPONSE = keys("ActionID", "Response", "Channel", "Uniqueid", "Reason");
    private static final String[] SHUTDOWN = keys("Restart");
    private static final byte[][] NEWCHANNEL_B = ascii(NEWCHANNEL);
    private static final byte[][] NEWSTATE_B = ascii(NEWSTATE);
    private static final byte[][] HANGUP_B = ascii(HANGUP);
    private static final byte[][] DIAL_BEGIN_B = ascii(DIAL_BEGIN);
    private static final byte[][] DIAL_END_B = ascii(DIAL_END);
    private static final byte[][] CORE_SHOW_CHANNEL_B = ascii(CORE_SHOW_CHANNEL);
    private static final byte[][] COMPLETE_B = ascii(COMPLETE);
    private static final byte[][] ORIGINATE_RESPONSE_B = ascii(ORIGINATE_RESPONSE);
    private static final byte[][] SHUTDOWN_B = ascii(SHUTDOWN);

    /** Asterisk's ways of saying "no value" that asterisk-java read as null (AstUtil.isNull). */
    private static final Set<String> NULL_LITERALS = Set.of("<unknown>", "unknown", "none", "<none>", "-none-",
            "(none)", "<not set>", "(not set)", "<no name>", "n/a", "<null>", "(null)");

    private AmiFrameDecoder() { }

    /** Decodes a frame held in a Buffer (tests, and the client's warm-up). */
    static Decoded decode(Buffer frame) {
        byte[] bytes = frame.getBytes();
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes the frame {@code b[from, to)} (its blank line cut off). A read event is decoded from the bytes: only
     * the values of its record's lines become Strings, numbers are read from the bytes; a skipped event costs the
     * scan of its first line. Responses and frames whose first line is neither Event nor Response (rare) go through
     * a String of the frame.
     */
    static Decoded decode(byte[] b, int from, int to) {
        int start = from;
        while (start < to && (b[start] == '\r' || b[start] == '\n')) start++;
        if (start == to) return SKIPPED;
        if (startsWith(b, start, to, EVENT)) {
            int p = start + EVENT.length;
            while (p < to && b[p] == ' ') p++;
            int end = p;
            while (end < to && b[end] != '\r' && b[end] != '\n') end++;
            int kind = eventKind(b, p, end);
            if (kind < 0) return SKIPPED;
            return new Event(event(kind, new Fields(b, start, to)));
        }
        String text = new String(b, start, to - start, StandardCharsets.UTF_8);
        if (startsWith(b, start, to, RESPONSE)) return response(text);
        // Event or Response not on the first line: unusual, but legal; look for them anywhere
        Map<String, String> all = allLines(text);
        String event = valueOf(all, "Event");
        if (event != null) {
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equalsIgnoreCase(event)) return new Event(event(i, new Fields(text)));
            }
            return SKIPPED;
        }
        if (valueOf(all, "Response") != null) return response(text);
        return new Malformed(all.isEmpty() ? "no Key: Value line" : "neither Event nor Response");
    }

    private static boolean startsWith(byte[] b, int at, int to, byte[] prefix) {
        if (to - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((b[at + i] | 0x20) != (prefix[i] | 0x20)) return false;
        }
        return true;
    }

    private static int eventKind(byte[] b, int from, int to) {
        int n = to - from;
        outer:
        for (int k = 0; k < NAME_BYTES.length; k++) {
            byte[] name = NAME_BYTES[k];
            if (name.length != n) continue;
            for (int i = 0; i < n; i++) if (b[from + i] != name[i]) continue outer;
            return k;
        }
        return -1;
    }

    /**
     * The lines of one read event, found from its bytes (or, on the rare path, its text); {@link #find} locates the
     * values of a key set, then {@link #str} and {@link #integer} read them.
     */
    private static final class Fields {
        private final byte[] bytes;
        private final int from;
        private final int to;
        private final String text;
        /** For key {@code k}: value start at {@code 2k}, end at {@code 2k+1}; -1 when the line is absent. */
        private int[] at;
        private String[] values;

        Fields(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
            this.text = null;
        }

        Fields(String text) {
            this.bytes = null;
            this.from = 0;
            this.to = 0;
            this.text = text;
        }

        Fields find(String[] keys, byte[][] keyBytes) {
            if (text != null) values = extract(text, keys);
            else at = extract(bytes, from, to, keyBytes);
            return this;
        }

        /** The raw value of key {@code k} (null when absent). */
        String raw(int k) {
            if (text != null) return values[k];
            int s = at[2 * k];
            if (s < 0) return null;
            int e = at[2 * k + 1];
            return s >= e ? "" : new String(bytes, s, e - s, StandardCharsets.UTF_8);
        }

        String str(int k) { return AmiFrameDecoder.str(raw(k)); }

        Integer integer(int k) {
            if (text != null) return AmiFrameDecoder.integer(values[k]);
            int s = at[2 * k];
            return s < 0 ? null : AmiFrameDecoder.integer(bytes, s, at[2 * k + 1]);
        }
    }

    private static AmiEvent event(int kind, Fields f) {
        switch (kind) {
            case 0 -> {
                f.find(NEWCHANNEL, NEWCHANNEL_B);
                return new AmiEvent.Newchannel(f.str(0), f.str(1), f.str(2), f.str(3), f.str(4), f.str(5),
                        f.str(6), f.integer(7), f.str(8));
            }
            case 1 -> {
                f.find(NEWSTATE, NEWSTATE_B);
                return new AmiEvent.Newstate(f.str(0), f.str(1), f.integer(2), f.str(3));
            }
            case 2 -> {
                f.find(HANGUP, HANGUP_B);
                return new AmiEvent.Hangup(f.str(0), f.str(1), f.str(2), f.str(3), f.integer(4), f.str(5),
                        f.integer(6));
            }
            case 3 -> {
                f.find(DIAL_BEGIN, DIAL_BEGIN_B);
                return new AmiEvent.DialBegin(f.str(0), f.str(1), f.str(2), f.str(3), f.str(4));
            }
            case 4 -> {
                f.find(DIAL_END, DIAL_END_B);
                return new AmiEvent.DialEnd(f.str(0), f.str(1), f.str(2), f.str(3));
            }
            case 5 -> {
                f.find(CORE_SHOW_CHANNEL, CORE_SHOW_CHANNEL_B);
                return new AmiEvent.CoreShowChannel(f.raw(0), f.str(1), f.str(2), f.str(3), f.str(4), f.str(5),
                        f.str(6), f.str(7), f.str(8), f.str(9));
            }
            case 6 -> {
                f.find(COMPLETE, COMPLETE_B);
                return new AmiEvent.CoreShowChannelsComplete(f.raw(0), f.integer(1));
            }
            case 7 -> {
                f.find(ORIGINATE_RESPONSE, ORIGINATE_RESPONSE_B);
                return new AmiEvent.OriginateResponse(f.raw(0), f.str(1), f.str(2), f.str(3), f.integer(4));
            }
            case 8 -> {
                return new AmiEvent.FullyBooted();
            }
            default -> {
                f.find(SHUTDOWN, SHUTDOWN_B);
                String restart = f.raw(0);
                return new AmiEvent.Shutdown(restart != null && isTrue(restart));
            }
        }
    }

    /**
     * The byte version of {@link #extract(String, String[])}, same rules (keys ASCII case-insensitive, the last
     * line wins, one space after the colon and a CR before the LF dropped): for key {@code k}, its value's start
     * and end in {@code b} at {@code 2k} and {@code 2k+1}, -1 when absent. Values are cut at ASCII bytes, so
     * decoding each one as UTF-8 gives what decoding the whole frame and cutting it gave.
     */
    static int[] extract(byte[] b, int from, int to, byte[][] keys) {
        int[] out = new int[2 * keys.length];
        java.util.Arrays.fill(out, -1);
        int pos = from;
        while (pos < to) {
            int eol = pos;
            int colon = -1;
            while (eol < to && b[eol] != '\n') {
                if (colon < 0 && b[eol] == ':') colon = eol;
                eol++;
            }
            if (colon > pos) {
                int klen = colon - pos;
                for (int k = 0; k < keys.length; k++) {
                    byte[] key = keys[k];
                    if (key.length == klen && sameKey(b, pos, key)) {
                        int end = b[eol - 1] == '\r' ? eol - 1 : eol;
                        int v = colon + 1;
                        if (v < end && b[v] == ' ') v++;
                        out[2 * k] = v;
                        out[2 * k + 1] = Math.max(v, end);
                        break;
                    }
                }
            }
            pos = eol + 1;
        }
        return out;
    }

    private static boolean sameKey(byte[] b, int at, byte[] key) {
        for (int i = 0; i < key.length; i++) {
            int c = b[at + i];
            int k = key[i];
            if (c != k && (c | 0x20) != (k | 0x20)) return false;
        }
        return true;
    }

    private static Response response(String text) {
        Map<String, String> all = allLines(text);
        return new Response(valueOf(all, "ActionID"), valueOf(all, "Response"), valueOf(all, "Message"), all);
    }

    /** Key names for {@link #extract}. */
    private static String[] keys(String... names) { return names.clone(); }

    private static byte[][] ascii(String[] keys) {
        byte[][] out = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) out[i] = keys[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }

    /**
     * The values of {@code keys} in the frame's text (keys case-insensitive; the last line wins, as in a map), null
     * for absent lines. Lines are found with {@link String#indexOf(int, int)} (a vectorised scan on Latin-1 text),
     * keys compared only when their length matches.
     */
    static String[] extract(String s, String[] keys) {
        String[] out = new String[keys.length];
        int n = s.length();
        int pos = 0;
        while (pos < n) {
            int eol = s.indexOf('\n', pos);
            if (eol < 0) eol = n;
            int colon = s.indexOf(':', pos);
            if (colon > pos && colon < eol) {
                int klen = colon - pos;
                for (int k = 0; k < keys.length; k++) {
                    String key = keys[k];
                    if (key.length() == klen && sameKey(s, pos, key)) {
                        int end = s.charAt(eol - 1) == '\r' ? eol - 1 : eol;
                        int v = colon + 1;
                        if (v < end && s.charAt(v) == ' ') v++;
                        out[k] = v >= end ? "" : s.substring(v, end);
                        break;
                    }
                }
            }
            pos = eol + 1;
        }
        return out;
    }

    /**
     * ASCII case-insensitive comparison of the key at {@code at} (AMI keys are letters, digits and '-'; folding bit
     * 0x20 is exact for letters, and a key never holds the control characters it would confuse digits and '-' with).
     * String.regionMatches(true, ...) folds Unicode case per character and was a quarter of the client's CPU.
     */
    private static boolean sameKey(String s, int at, String key) {
        for (int i = 0, n = key.length(); i < n; i++) {
            char c = s.charAt(at + i);
            char k = key.charAt(i);
            if (c != k && (c | 0x20) != (k | 0x20)) return false;
        }
        return true;
    }

    private static Map<String, String> allLines(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : s.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            int v = colon + 1;
            if (v < line.length() && line.charAt(v) == ' ') v++;
            out.put(line.substring(0, colon), line.substring(v));
        }
        return out;
    }

    private static String valueOf(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v != null) return v;
        for (Map.Entry<String, String> e : m.entrySet()) if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        return null;
    }

    /** A string line as asterisk-java read it: Asterisk's null literals become null. */
    static String str(String v) {
        if (v == null) return null;
        int n = v.length();
        if (n < 3 || n > 9) return v; // every null literal is 3..9 characters long: skip the look-up for the rest
        return NULL_LITERALS.contains(v.toLowerCase(Locale.ROOT)) ? null : v;
    }

    /** A number line: null when absent, empty or unreadable. */
    static Integer integer(String v) {
        if (v == null || v.isEmpty()) return null;
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@link #integer(String)} on the bytes {@code b[from, to)} with no String: same trimming (bytes up to space),
     * optional sign, ASCII digits, null on overflow; a non-ASCII byte (a Unicode digit Integer.valueOf would
     * read) takes the String path.
     */
    static Integer integer(byte[] b, int from, int to) {
        while (from < to && (b[from] & 0xFF) <= ' ') from++;
        while (to > from && (b[to - 1] & 0xFF) <= ' ') to--;
        if (from == to) return null;
        boolean negative = false;
        int i = from;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            if (++i == to) return null;
        }
        long n = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                for (int j = i; j < to; j++) {
                    if (b[j] < 0) return integer(new String(b, from, to - from, StandardCharsets.UTF_8));
                }
                return null;
            }
            n = n * 10 + d;
            if (n > 1L + Integer.MAX_VALUE) return null;
        }
        if (negative) n = -n;
        return n > Integer.MAX_VALUE ? null : Integer.valueOf((int) n);
    }

    private static boolean isTrue(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("yes") || s.equals("1") || s.equals("on") || s.equals("y") || s.equals("t");
    }
}
