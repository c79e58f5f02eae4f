package io.callguard.asterisk.fastagi;

import io.callguard.core.calls.ChannelNames;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Direction;

/**
 * Reads the {@code agi_*: value} header block Asterisk sends first, one line at a time, and keeps only the
 * fields a decision needs.
 *
 * <p>asterisk-java's {@code AgiRequestImpl} cannot be built outside its package, so this follows its knowledge
 * directly: a header is {@code agi_<name>: <value>} lines ended by an empty line; the script is
 * {@code agi_network_script} without a leading '/' and without a query string; Asterisk writes
 * {@code unknown} for an absent caller id; AGI() arguments come as {@code agi_arg_1..N}. Asterisk 22 writes
 * LF only; a trailing CR is tolerated by the caller of {@link #accept}.
 */
final class AgiHeader {
    enum Step { MORE, COMPLETE, MALFORMED }

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

    AgiHeader(int maxLines) { this.maxLines = maxLines; }

    /** Feeds one line without its line ending. */
    Step accept(String line) {
        if (line.isEmpty()) {
            if (lines == 0) return malformed("empty line before any agi_ variable");
            return Step.COMPLETE;
        }
        if (++lines > maxLines) return malformed("more than " + maxLines + " header lines");
        int colon = line.indexOf(':');
        if (!line.startsWith("agi_") || colon < 0) return malformed("not an agi_ header line: " + line);
        String name = line.substring(4, colon);
        String value = line.substring(colon + 1).strip();
        switch (name) {
            case "network_script" -> script = scriptPath(value);
            case "channel" -> channel = value;
            case "uniqueid" -> uniqueId = value;
            case "callerid" -> callerId = "unknown".equals(value) ? "" : value;
            case "extension" -> extension = value;
            case "accountcode" -> accountCode = value;
            case "arg_1" -> firstArgument = value;
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

    /** The number to judge: the first AGI() argument when the dialplan passed one, else the extension. */
    String dialled() { return firstArgument.isEmpty() ? extension : firstArgument; }

    CallRequest toCallRequest(Direction direction) {
        return new CallRequest(direction, accountCode, ChannelNames.endpointOf(channel), callerId, dialled(), channel,
                uniqueId);
    }

    static String scriptPath(String value) {
        String s = value;
        int query = s.indexOf('?');
        if (query >= 0) s = s.substring(0, query);
        while (s.startsWith("/")) s = s.substring(1);
        return s;
    }
}
