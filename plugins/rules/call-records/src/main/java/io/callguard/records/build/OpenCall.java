package io.callguard.records.build;

import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Verdict;

import java.util.Arrays;

/**
 * One call: the legs of one Linkedid, what was decided about it and what happened to it. One object per open
 * call (issue 13): its first two legs inline, times as numbers, and of the Strings only the ones the record
 * needs, the same instances the call tracker keeps where it keeps them.
 */
final class OpenCall {
    /** A time not yet known (a leg not Up, no dial answered). */
    static final long NO_TIME = Long.MIN_VALUE;
    static final int NO_CAUSE = Integer.MIN_VALUE;

    final String linkedId;
    /** The forgetting order: the call first seen just before this one, just after; null at the ends. */
    OpenCall older;
    OpenCall newer;
    /** When it was first seen, or last confirmed alive by a resynchronisation: where its forgetting bound starts. */
    long firstSeen;
    long startedAt;
    /** A dial's ANSWER, {@link #NO_TIME} before. */
    long dialAnsweredAt = NO_TIME;
    // the first two legs: Uniqueid, when it went Up (NO_TIME before), its hang-up cause
    String leg0;
    String leg1;
    long up0 = NO_TIME;
    long up1 = NO_TIME;
    int cause0 = NO_CAUSE;
    int cause1 = NO_CAUSE;
    /** The legs after the second, null while there are none. */
    Leg[] more;
    /** Bit i: leg i (of the first two) has hung up. */
    byte endedBits;
    int legCount;
    /** The leg the decision was about (the client's leg), -1 without a decision. */
    int decidedLeg = -1;
    boolean adopted;
    boolean dialled;
    String dialStatus;
    // What the record says of the call. With a decision: the decision's (verdict non-null). Without: the client
    // leg's Newchannel (trunk is then its channel name, the trunk parsed from it at the end) and, for an adopted
    // call, the tracker's direction.
    Verdict verdict;
    String reason;
    int decisionCause = NO_CAUSE;
    String account;
    String trunk;
    Direction direction;
    String caller;
    String calleeNumber;
    /** The decision's classification of the callee when the plan would not give it again from calleeNumber. */
    ClassifiedNumber callee;

    OpenCall(String linkedId, long firstSeen, long startedAt) {
        this.linkedId = linkedId;
        this.firstSeen = firstSeen;
        this.startedAt = startedAt;
    }

    int add(String uniqueId) {
        int i = legCount;
        if (i == 0) leg0 = uniqueId;
        else if (i == 1) leg1 = uniqueId;
        else {
            more = more == null ? new Leg[2] : more.length > i - 2 ? more : Arrays.copyOf(more, more.length * 2);
            more[i - 2] = new Leg(uniqueId);
        }
        legCount++;
        return i;
    }

    String legId(int i) { return i == 0 ? leg0 : i == 1 ? leg1 : more[i - 2].uniqueId; }

    int indexOf(String uniqueId) {
        if (uniqueId == null) return -1;
        for (int i = 0; i < legCount; i++) if (legId(i).equals(uniqueId)) return i;
        return -1;
    }

    boolean ended(int i) { return i < 2 ? (endedBits & (1 << i)) != 0 : more[i - 2].ended; }

    void end(int i, int cause) {
        if (i == 0) { endedBits |= 1; cause0 = cause; }
        else if (i == 1) { endedBits |= 2; cause1 = cause; }
        else { more[i - 2].ended = true; more[i - 2].cause = cause; }
    }

    int open() {
        int open = 0;
        for (int i = 0; i < legCount; i++) if (!ended(i)) open++;
        return open;
    }

    Integer cause(int i) {
        int c = i == 0 ? cause0 : i == 1 ? cause1 : more[i - 2].cause;
        return c == NO_CAUSE ? null : c;
    }

    long upAt(int i) { return i == 0 ? up0 : i == 1 ? up1 : more[i - 2].upAt; }

    /** Which leg is the client's is told at the end (a decision, a leg may come later): each leg keeps its own. */
    void up(int i, long at) {
        if (i < 0 || upAt(i) != NO_TIME) return;
        if (i == 0) up0 = at;
        else if (i == 1) up1 = at;
        else more[i - 2].upAt = at;
    }

    /** The decided leg, else the call's first leg (its Uniqueid is the Linkedid), else the first one seen. */
    int clientLeg() {
        if (decidedLeg >= 0) return decidedLeg;
        int l = indexOf(linkedId);
        return l >= 0 ? l : 0;
    }

    /**
     * The answer that starts the billing: the callee's. A call that had no callee (answered by the dialplan
     * itself, an IVR, voicemail) is answered when the client leg went Up, as Asterisk's CDR has it; a call that
     * dialled and whose callee never answered is not answered, even if the client leg was (an announcement
     * played before the dial is not billed). {@link #NO_TIME} when not answered.
     */
    long answer() {
        int client = clientLeg();
        long callee = dialAnsweredAt;
        for (int i = 0; i < legCount; i++) {
            long up = upAt(i);
            if (i != client && up != NO_TIME && (callee == NO_TIME || up < callee)) callee = up;
        }
        if (callee != NO_TIME) return callee;
        return dialled || legCount > 1 ? NO_TIME : upAt(client);
    }

    /** A leg past the call's second (a transfer, a failover's next attempt): rare, so an object of its own. */
    static final class Leg {
        final String uniqueId;
        long upAt = NO_TIME;
        boolean ended;
        int cause = OpenCall.NO_CAUSE;

        Leg(String uniqueId) { this.uniqueId = uniqueId; }
    }
}
