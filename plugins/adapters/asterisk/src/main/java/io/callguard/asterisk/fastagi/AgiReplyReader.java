package io.callguard.asterisk.fastagi;

/**
 * Reads command replies line by line, as asterisk-java's {@code AgiReplyImpl}/{@code FastAgiReader} understand
 * them: a reply is one {@code NNN text} line, except {@code 520-...} which opens a usage text that ends with the
 * line {@code 520 End of proper usage.}. Only the first line is kept, so a long usage text costs no memory.
 */
final class AgiReplyReader {
    private String usageFirstLine;

    /** True while inside a multi-line 520 usage text. */
    boolean inUsage() { return usageFirstLine != null; }

    /** Feeds one line; returns the reply once complete, else null. */
    AgiReply accept(String line) {
        if (usageFirstLine != null) {
            if (!line.startsWith("520 ")) return null;
            AgiReply reply = new AgiReply(AgiReply.USAGE, usageFirstLine);
            usageFirstLine = null;
            return reply;
        }
        if (line.startsWith("520-")) {
            usageFirstLine = line;
            return null;
        }
        return new AgiReply(statusOf(line), line);
    }

    static int statusOf(String line) {
        if (line.length() < 3) return -1;
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') return -1;
            code = code * 10 + (c - '0');
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') return -1;
        return code;
    }
}
