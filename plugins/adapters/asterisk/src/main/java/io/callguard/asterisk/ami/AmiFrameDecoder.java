package io.callguard.asterisk.ami;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one AMI frame (its lines, the blank line already cut off). The {@code Event:} line is looked at first,
 * on the bytes: an event callguard does not read is dropped there, with no String built. A read event is decoded
 * to String once and only the lines its {@link AmiEvent} record needs are kept; a response keeps all its lines.
 * No reflection. Not thread-safe state: none (static methods).
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

    /** Asterisk's ways of saying "no value" that asterisk-java read as null (AstUtil.isNull). */
    private static final Set<String> NULL_LITERALS = Set.of("<unknown>", "unknown", "none", "<none>", "-none-",
            "(none)", "<not set>", "(not set)", "<no name>", "n/a", "<null>", "(null)");

    private AmiFrameDecoder() { }

    static Decoded decode(Buffer frame) {
        int len = frame.length();
        int start = 0;
        while (start < len && (frame.getByte(start) == '\r' || frame.getByte(start) == '\n')) start++;
        if (start == len) return SKIPPED;
        if (startsWith(frame, start, EVENT)) {
            int p = start + EVENT.length;
            while (p < len && frame.getByte(p) == ' ') p++;
            int end = p;
            while (end < len && frame.getByte(end) != '\r' && frame.getByte(end) != '\n') end++;
            int kind = eventKind(frame, p, end);
            if (kind < 0) return SKIPPED;
            return new Event(event(kind, start == 0 ? frame.toString(StandardCharsets.UTF_8) : frame.getString(start, len, "UTF-8")));
        }
        String text = frame.getString(start, len, "UTF-8");
        if (startsWith(frame, start, RESPONSE)) return response(text);
        // Event or Response not on the first line: unusual, but legal; look for them anywhere
        Map<String, String> all = allLines(text);
        String event = valueOf(all, "Event");
        if (event != null) {
            for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equalsIgnoreCase(event)) return new Event(event(i, text));
            return SKIPPED;
        }
        if (valueOf(all, "Response") != null) return response(text);
        return new Malformed(all.isEmpty() ? "no Key: Value line" : "neither Event nor Response");
    }

    private static boolean startsWith(Buffer b, int at, byte[] prefix) {
        if (b.length() - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((b.getByte(at + i) | 0x20) != (prefix[i] | 0x20)) return false;
        }
        return true;
    }

    private static int eventKind(Buffer b, int from, int to) {
        int n = to - from;
        outer:
        for (int k = 0; k < NAME_BYTES.length; k++) {
            byte[] name = NAME_BYTES[k];
            if (name.length != n) continue;
            for (int i = 0; i < n; i++) if (b.getByte(from + i) != name[i]) continue outer;
            return k;
        }
        return -1;
    }

    private static AmiEvent event(int kind, String text) {
        String[] v;
        switch (kind) {
            case 0 -> {
                v = extract(text, NEWCHANNEL);
                return new AmiEvent.Newchannel(str(v[0]), str(v[1]), str(v[2]), str(v[3]), str(v[4]), str(v[5]),
                        str(v[6]), integer(v[7]), str(v[8]));
            }
            case 1 -> {
                v = extract(text, NEWSTATE);
                return new AmiEvent.Newstate(str(v[0]), str(v[1]), integer(v[2]), str(v[3]));
            }
            case 2 -> {
                v = extract(text, HANGUP);
                return new AmiEvent.Hangup(str(v[0]), str(v[1]), str(v[2]), str(v[3]), integer(v[4]), str(v[5]),
                        integer(v[6]));
            }
            case 3 -> {
                v = extract(text, DIAL_BEGIN);
                return new AmiEvent.DialBegin(str(v[0]), str(v[1]), str(v[2]), str(v[3]), str(v[4]));
            }
            case 4 -> {
                v = extract(text, DIAL_END);
                return new AmiEvent.DialEnd(str(v[0]), str(v[1]), str(v[2]), str(v[3]));
            }
            case 5 -> {
                v = extract(text, CORE_SHOW_CHANNEL);
                return new AmiEvent.CoreShowChannel(v[0], str(v[1]), str(v[2]), str(v[3]), str(v[4]), str(v[5]),
                        str(v[6]), str(v[7]), str(v[8]), str(v[9]));
            }
            case 6 -> {
                v = extract(text, COMPLETE);
                return new AmiEvent.CoreShowChannelsComplete(v[0], integer(v[1]));
            }
            case 7 -> {
                v = extract(text, ORIGINATE_RESPONSE);
                return new AmiEvent.OriginateResponse(v[0], str(v[1]), str(v[2]), str(v[3]), integer(v[4]));
            }
            case 8 -> {
                return new AmiEvent.FullyBooted();
            }
            default -> {
                v = extract(text, SHUTDOWN);
                return new AmiEvent.Shutdown(v[0] != null && isTrue(v[0]));
            }
        }
    }

    private static Response response(String text) {
        Map<String, String> all = allLines(text);
        return new Response(valueOf(all, "ActionID"), valueOf(all, "Response"), valueOf(all, "Message"), all);
    }

    /** Key names for {@link #extract}. */
    private static String[] keys(String... names) { return names.clone(); }

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

    private static boolean isTrue(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("yes") || s.equals("1") || s.equals("on") || s.equals("y") || s.equals("t");
    }
}
