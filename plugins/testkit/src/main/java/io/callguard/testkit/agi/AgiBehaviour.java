package io.callguard.testkit.agi;

import java.time.Duration;
import java.util.Objects;

/**
 * How the emulated Asterisk behaves in one session, beyond answering commands like Asterisk 22.
 *
 * @param hangUpAfterCommands  the caller hangs up after this many answered commands (0 = right after the header,
 *                             before any command); -1 = never. Asterisk then writes an unsolicited {@code HANGUP}
 *                             line and keeps answering, now as for a dead channel
 * @param neverAnswer          read commands but never reply (a stalled Asterisk)
 * @param usageErrorFirst      reply to the first command with the multi-line {@code 520} usage text
 * @param fixedReply           when not null, the reply line to every command instead of Asterisk's own (e.g. the
 *                             {@link #DEAD_CHANNEL} line); variables are then not recorded
 * @param maxSessionTime       the client gives up and closes after this long (status TIMEOUT); real Asterisk waits
 *                             forever, this only keeps a broken test from hanging
 */
public record AgiBehaviour(int hangUpAfterCommands, boolean neverAnswer, boolean usageErrorFirst,
                           String fixedReply, Duration maxSessionTime) {
    public static final Duration DEFAULT_MAX_SESSION_TIME = Duration.ofSeconds(30);
    /** Asterisk's reply to a command that needs a live channel, after the caller hung up. */
    public static final String DEAD_CHANNEL = EmulatedChannel.DEAD_CHANNEL;
    /** Asterisk's reply to an unknown command. */
    public static final String UNKNOWN_COMMAND = EmulatedChannel.UNKNOWN_COMMAND;

    public AgiBehaviour {
        if (hangUpAfterCommands < -1) throw new IllegalArgumentException("hangUpAfterCommands must be >= -1");
        Objects.requireNonNull(maxSessionTime, "maxSessionTime");
    }

    /** A live caller who stays until the server closes. */
    public static AgiBehaviour normal() { return new AgiBehaviour(-1, false, false, null, DEFAULT_MAX_SESSION_TIME); }

    /** The caller hangs up right after the header, before the first command ({@code HANGUP} follows the header). */
    public static AgiBehaviour hangUpBeforeFirstCommand() { return normal().withHangUpAfterCommands(0); }

    /** The caller hangs up after {@code n} answered commands. */
    public static AgiBehaviour hangUpAfterCommands(int n) { return normal().withHangUpAfterCommands(n); }

    /** Asterisk reads commands and never answers. */
    public static AgiBehaviour neverAnswering() { return new AgiBehaviour(-1, true, false, null, DEFAULT_MAX_SESSION_TIME); }

    /** The first command gets {@code 520-…} usage text ending with {@code 520 End of proper usage.}. */
    public static AgiBehaviour usageErrorOnFirstCommand() {
        return new AgiBehaviour(-1, false, true, null, DEFAULT_MAX_SESSION_TIME);
    }

    /** Every command gets {@code replyLine} (one line, e.g. {@link #DEAD_CHANNEL}). */
    public static AgiBehaviour replyingWith(String replyLine) {
        return new AgiBehaviour(-1, false, false, Objects.requireNonNull(replyLine, "replyLine"), DEFAULT_MAX_SESSION_TIME);
    }

    public AgiBehaviour withHangUpAfterCommands(int n) {
        return new AgiBehaviour(n, neverAnswer, usageErrorFirst, fixedReply, maxSessionTime);
    }

    public AgiBehaviour withMaxSessionTime(Duration max) {
        return new AgiBehaviour(hangUpAfterCommands, neverAnswer, usageErrorFirst, fixedReply, max);
    }
}
