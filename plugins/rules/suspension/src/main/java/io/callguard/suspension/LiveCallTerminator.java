package io.callguard.suspension;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Hangs up, through AMI, the live calls a suspension asks to cut ({@code hangUpLiveCalls}).
 *
 * <p>"The account's live calls" are its <b>outbound</b> calls only: the channels whose FastAGI decision was
 * OUTBOUND for that account (and, for a trunk-level suspension, placed on that trunk, {@code endpoint == trunkId}).
 * Inbound calls are kept because a suspended line keeps receiving calls (R6, CGV 8.2: "ne pourra plus émettre
 * d'appels ... mais pourra toujours en recevoir"): cutting a call the client is receiving would suspend reception,
 * which the contract never allows. Channels without a decision (callee legs, unknown direction) are not the client's
 * calls either; hanging up the caller's leg ends the bridged call anyway.
 *
 * <p>An emergency call is never cut: a channel to an emergency number (its callee classified by the numbering plan)
 * is kept, and so is every channel of a call (same Linkedid) any leg of which is to an emergency number. A channel
 * whose callee is unknown (empty) is kept too: it cannot be shown not to be an emergency call.
 *
 * <p>Each hang-up is requested once, Q.850 cause 16 (normal clearing), and logged at INFO with the suspension id and
 * its article. Nothing here blocks ({@link ChannelHangup} sends, it does not wait).
 */
public final class LiveCallTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCallTerminator.class);

    private final CallTracker tracker;
    private final FrenchNumberingPlan plan;
    private final ChannelHangup hangup;

    public LiveCallTerminator(CallTracker tracker, FrenchNumberingPlan plan, ChannelHangup hangup) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.hangup = Objects.requireNonNull(hangup, "hangup");
    }

    /**
     * The live calls that a suspension of {@code accountId} ({@code trunkId} null: the whole account) would hang up,
     * oldest first; nothing is done.
     */
    public List<LiveCall> targets(String accountId, String trunkId) {
        List<LiveCall> live = tracker.list();
        Set<String> emergencyCalls = new HashSet<>();
        for (LiveCall c : live) {
            if (toEmergency(c)) emergencyCalls.add(callKey(c));
        }
        List<LiveCall> out = new ArrayList<>();
        for (LiveCall c : live) {
            if (c.direction() != Direction.OUTBOUND) continue;
            if (accountId == null || !accountId.equals(c.accountId())) continue;
            if (trunkId != null && !trunkId.equals(c.endpoint())) continue;
            if (blank(c.channel()) || blank(c.callee())) continue;
            if (emergencyCalls.contains(callKey(c))) continue;
            out.add(c);
        }
        return out;
    }

    /**
     * Requests the hang-up of every call {@link #targets} names for {@code suspension}; returns the calls whose
     * hang-up was requested (a request that failed to be sent is logged and left out).
     */
    public List<LiveCall> terminate(Suspension suspension) {
        List<LiveCall> done = new ArrayList<>();
        for (LiveCall c : targets(suspension.accountId(), suspension.trunkId())) {
            LOG.info("suspension {} of {} ({}, {}): hanging up live outbound call {} on {}", suspension.id(),
                    scope(suspension), suspension.reason().code(), suspension.reason().article(), c.uniqueId(),
                    c.channel());
            try {
                hangup.hangup(c, ChannelHangup.NORMAL_CLEARING);
                done.add(c);
            } catch (RuntimeException e) {
                LOG.warn("suspension {}: hang-up of {} could not be requested: {}", suspension.id(), c.channel(),
                        e.toString());
            }
        }
        return done;
    }

    private boolean toEmergency(LiveCall c) { return !blank(c.callee()) && plan.classify(c.callee()).isEmergency(); }

    private static String scope(Suspension s) {
        return s.trunkId() == null ? "account " + s.accountId() : "trunk " + s.trunkId() + " of account " + s.accountId();
    }

    /** The call a channel belongs to: its Linkedid (the first leg's Uniqueid), else its own Uniqueid. */
    private static String callKey(LiveCall c) { return blank(c.linkedId()) ? c.uniqueId() : c.linkedId(); }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
