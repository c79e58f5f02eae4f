package io.callguard.asterisk.fastagi;

/**
 * Asterisk's answer to one AGI command.
 *
 * @param status    the 3-digit status ({@code 200}, {@code 510}, {@code 511}, {@code 520}), -1 when unreadable
 * @param firstLine the first line as received (for the log)
 */
record AgiReply(int status, String firstLine) {
    static final int SUCCESS = 200;
    static final int INVALID_COMMAND = 510;
    static final int DEAD_CHANNEL = 511;
    static final int USAGE = 520;

    boolean ok() { return status == SUCCESS; }
}
