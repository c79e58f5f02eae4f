package io.callguard.core.control;

import java.time.Instant;
import java.util.Objects;

/**
 * What happens to channels, in callguard's own terms: the adapter translates the platform's events into these,
 * in stream order. Identifiers are the platform's channel Uniqueids.
 *
 * <p>Two events concern the stream itself, not a channel: {@link StreamLost} (from then on channels may end unseen)
 * and {@link StreamRestored} (the adapter resynchronised: it sees everything again). A listener that only follows
 * channels ignores them.
 */
public sealed interface CallEvent {
    /**
     * The channel concerned; null for an {@link OriginateResult} that created no channel, and for
     * {@link StreamLost} and {@link StreamRestored}, which concern no channel.
     */
    String uniqueId();

    /** A channel came into existence. Text fields are empty strings when the platform sent none. */
    record ChannelCreated(String uniqueId, String linkedId, String channel, String accountCode, String callerIdNum,
                          String exten, String state) implements CallEvent { }

    /** A channel's state changed (e.g. {@code Ringing}, {@code Up}). */
    record StateChanged(String uniqueId, String state) implements CallEvent { }

    /**
     * A dial attempt from {@code uniqueId} ended.
     *
     * @param destUniqueId the dialled channel, null when none was created
     * @param dialStatus   e.g. {@code ANSWER}, {@code BUSY}, {@code NOANSWER}, {@code CANCEL}
     */
    record DialEnded(String uniqueId, String destUniqueId, String dialStatus) implements CallEvent { }

    /**
     * A channel ended.
     *
     * @param cause     the Q.850 cause, null when unknown
     * @param causeText its text, null when absent
     * @param techCause the technology's status that went with it (the SIP code, e.g. 503 for cause 34), null when none
     */
    record HungUp(String uniqueId, String channel, Integer cause, String causeText, Integer techCause)
            implements CallEvent { }

    /**
     * The outcome of an {@link CallControl#originate}: the first leg answered ({@code success}) or not.
     *
     * @param correlationId the request's {@link OriginateRequest#correlationId()}
     * @param uniqueId      the first leg's Uniqueid, null when no channel was created
     * @param reason        the platform's originate reason (Asterisk: 0 failure, 1 hung up, 3 no answer,
     *                      4 answered, 5 busy, 8 congestion), null when absent
     */
    record OriginateResult(String correlationId, boolean success, String uniqueId, Integer reason)
            implements CallEvent { }

    /**
     * The platform's event stream was lost (the AMI link dropped, Asterisk shut down): channels may now end unseen.
     * Published once per loss, and never at start (the first connection is no recovery: the record chain marks a
     * start by itself); a {@link StreamRestored} follows once the adapter sees everything again.
     *
     * @param at     the last moment the adapter is sure it saw everything: when the last frame of the lost link
     *               arrived (a dead link is only noticed later, by an unanswered ping)
     * @param reason {@link #AMI_DOWN}, or {@link #ASTERISK_RESTART} when Asterisk announced its shutdown
     * @param source the Asterisk server whose stream it is when the node watches several, null when it has one
     *               (each server's stream is lost and restored on its own)
     */
    record StreamLost(Instant at, String reason, String source) implements CallEvent {
        /** The link to the platform dropped or stopped answering. */
        public static final String AMI_DOWN = "AMI_DOWN";
        /** The platform announced its shutdown or restart (AMI {@code Event: Shutdown}): every channel ended. */
        public static final String ASTERISK_RESTART = "ASTERISK_RESTART";

        public StreamLost {
            Objects.requireNonNull(at, "at");
            reason = reason == null || reason.isBlank() ? AMI_DOWN : reason;
        }

        /** The stream of a node's one server. */
        public StreamLost(Instant at, String reason) { this(at, reason, null); }

        @Override public String uniqueId() { return null; }
    }

    /**
     * The stream is whole again after a {@link StreamLost}: the adapter logged in again and resynchronised the live
     * channels (published right after that resynchronisation was applied, so after the call tracker's
     * {@code onResync}). Channels that vanished in between ended unseen.
     *
     * @param at     when the resynchronisation was applied
     * @param source the server whose stream it is ({@link StreamLost#source()}), null when the node has one
     */
    record StreamRestored(Instant at, String source) implements CallEvent {
        public StreamRestored { Objects.requireNonNull(at, "at"); }

        /** The stream of a node's one server. */
        public StreamRestored(Instant at) { this(at, null); }

        @Override public String uniqueId() { return null; }
    }
}
