package io.callguard.core.calls;

import io.callguard.core.policy.Direction;

import java.time.Instant;
import java.util.Objects;

/**
 * One live channel as callguard knows it: from AMI (channel, state, times) and, when the call went through a
 * FastAGI decision, from that decision (account, trunk, direction, callee). Fields not known are empty or null.
 *
 * <p>A value class with the semantics of a record of these components (accessors, {@code equals}, {@code hashCode},
 * {@code toString} as a record's). It is not a record so that its two times are kept as numbers rather than two
 * {@link Instant} objects: the call tracker holds one per live channel, 10,000s at once (issue 13). The accessors
 * return equal Instants, a new one per call.
 *
 * <p>Components: {@code uniqueId} (Asterisk Uniqueid), {@code linkedId} (Asterisk Linkedid, the Uniqueid of the
 * call's first leg: pair legs by it), {@code channel} (e.g. {@code PJSIP/trunk-a-00000001}), {@code endpoint}
 * (parsed from the channel, e.g. {@code trunk-a}), {@code accountId} (from the decision, else the channel's
 * accountcode, may be empty), {@code direction} (from the decision, null when the channel had none, e.g. the callee
 * leg), {@code caller} (caller id number), {@code callee} (dialled / connected number), {@code state} (Asterisk
 * channel state description: Down, Ring, Ringing, Up…), {@code startedAt} (channel creation or first sight),
 * {@code answeredAt} (when it went Up, null before), {@code maxSeconds} (the maximum duration its decision gave,
 * {@code CALLGUARD_MAX_SECONDS}, null when it had no decision or the decision set none: a denial, an emergency call).
 */
public final class LiveCall {
    /** {@link #startedNanos} / {@link #answeredNanos} of a null time. */
    private static final int NO_TIME = -1;

    private final String uniqueId;
    private final String linkedId;
    private final String channel;
    private final String endpoint;
    private final String accountId;
    private final Direction direction;
    private final String caller;
    private final String callee;
    private final String state;
    private final long startedSeconds;
    private final long answeredSeconds;
    private final int startedNanos;
    private final int answeredNanos;
    private final Long maxSeconds;
    /**
     * The call tracker's own facts about its table's channel (the order it entered the table; whether a decision
     * enriched it), stamped by the tracker before it publishes this instance, never changed after; not components:
     * no part of equals, hashCode or toString. Here rather than in an object of the tracker's: 24 B less per live
     * channel (issue 13).
     */
    long seq;
    boolean decided;

    public LiveCall(String uniqueId, String linkedId, String channel, String endpoint, String accountId,
                    Direction direction, String caller, String callee, String state, Instant startedAt,
                    Instant answeredAt, Long maxSeconds) {
        this.uniqueId = uniqueId;
        this.linkedId = linkedId;
        this.channel = channel;
        this.endpoint = endpoint;
        this.accountId = accountId;
        this.direction = direction;
        this.caller = caller;
        this.callee = callee;
        this.state = state;
        this.startedSeconds = startedAt == null ? 0 : startedAt.getEpochSecond();
        this.startedNanos = startedAt == null ? NO_TIME : startedAt.getNano();
        this.answeredSeconds = answeredAt == null ? 0 : answeredAt.getEpochSecond();
        this.answeredNanos = answeredAt == null ? NO_TIME : answeredAt.getNano();
        this.maxSeconds = maxSeconds;
    }

    public String uniqueId() { return uniqueId; }

    public String linkedId() { return linkedId; }

    public String channel() { return channel; }

    public String endpoint() { return endpoint; }

    public String accountId() { return accountId; }

    public Direction direction() { return direction; }

    public String caller() { return caller; }

    public String callee() { return callee; }

    public String state() { return state; }

    public Instant startedAt() { return time(startedSeconds, startedNanos); }

    public Instant answeredAt() { return time(answeredSeconds, answeredNanos); }

    public Long maxSeconds() { return maxSeconds; }

    /** Orders by start time without building Instants (a null start last, as {@code nullsLast}). */
    static int compareStart(LiveCall a, LiveCall b) {
        boolean noA = a.startedNanos == NO_TIME;
        boolean noB = b.startedNanos == NO_TIME;
        if (noA || noB) return Boolean.compare(noA, noB);
        int bySeconds = Long.compare(a.startedSeconds, b.startedSeconds);
        return bySeconds != 0 ? bySeconds : Integer.compare(a.startedNanos, b.startedNanos);
    }

    private static Instant time(long seconds, int nanos) {
        return nanos == NO_TIME ? null : Instant.ofEpochSecond(seconds, nanos);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LiveCall c)) return false;
        return startedSeconds == c.startedSeconds && startedNanos == c.startedNanos
                && answeredSeconds == c.answeredSeconds && answeredNanos == c.answeredNanos
                && Objects.equals(uniqueId, c.uniqueId) && Objects.equals(linkedId, c.linkedId)
                && Objects.equals(channel, c.channel) && Objects.equals(endpoint, c.endpoint)
                && Objects.equals(accountId, c.accountId) && direction == c.direction
                && Objects.equals(caller, c.caller) && Objects.equals(callee, c.callee)
                && Objects.equals(state, c.state) && Objects.equals(maxSeconds, c.maxSeconds);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(uniqueId);
        h = 31 * h + Objects.hashCode(linkedId);
        h = 31 * h + Objects.hashCode(channel);
        h = 31 * h + Objects.hashCode(endpoint);
        h = 31 * h + Objects.hashCode(accountId);
        h = 31 * h + Objects.hashCode(direction);
        h = 31 * h + Objects.hashCode(caller);
        h = 31 * h + Objects.hashCode(callee);
        h = 31 * h + Objects.hashCode(state);
        h = 31 * h + timeHash(startedSeconds, startedNanos);
        h = 31 * h + timeHash(answeredSeconds, answeredNanos);
        return 31 * h + Objects.hashCode(maxSeconds);
    }

    /** {@link Instant#hashCode()} of the time, 0 for null, without building it. */
    private static int timeHash(long seconds, int nanos) {
        return nanos == NO_TIME ? 0 : ((int) (seconds ^ (seconds >>> 32))) + 51 * nanos;
    }

    @Override
    public String toString() {
        return "LiveCall[uniqueId=" + uniqueId + ", linkedId=" + linkedId + ", channel=" + channel + ", endpoint="
                + endpoint + ", accountId=" + accountId + ", direction=" + direction + ", caller=" + caller
                + ", callee=" + callee + ", state=" + state + ", startedAt=" + startedAt() + ", answeredAt="
                + answeredAt() + ", maxSeconds=" + maxSeconds + "]";
    }
}
