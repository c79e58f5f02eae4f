package io.callguard.asterisk.fastagi;

/** Makes peer-supplied text safe to log: short, one line, printable ASCII only. */
final class LogText {
    static final int MAX = 80;

    private LogText() { }

    static String of(String s) {
        if (s == null) return "null";
        int n = Math.min(s.length(), MAX);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX) b.append("...");
        return b.toString();
    }
}
