package io.callguard.caps;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.numbering.FrenchNumberingPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R1 (CP Téléphonie §1): every call lasts at most 120 minutes. The dialplan applies {@code CALLGUARD_MAX_SECONDS};
 * this watchdog hangs up, through AMI, any call that outlives its maximum anyway (a dialplan without the limit, a
 * call that never went through a decision, a transfer).
 *
 * <p>A call is the group of live channels sharing a Linkedid. Its maximum is the smallest {@code maxSeconds} its
 * decision gave, else the smallest {@code maxCallSeconds} of its channels' accounts, else 7200 s. It is counted from
 * its first answer ({@code answeredAt}, as {@code Dial}'s {@code L()} counts from answer), or from its first
 * channel's creation ({@code startedAt}) when no channel was ever answered (a call held in early media for hours
 * still occupies the trunk). A call older than its maximum plus {@code grace} is overdue: {@link #sweep()} asks
 * {@link ChannelHangup} once for its first leg (the channel whose Uniqueid is the Linkedid, else its oldest), cause 16,
 * and logs it; a channel asked for is not asked again until it hangs up (then another leg still overdue would be).
 *
 * <p>Emergency calls are never cut by callguard: a call any channel of which is to an emergency number (the
 * callee classified by the numbering plan) is skipped, whatever its duration.
 */
public final class DurationWatchdog implements CallTrackerListener {
    private static final Logger LOG = LoggerFactory.getLogger(DurationWatchdog.class);

    private final CallTracker tracker;
    private final Directory directory;
    private final FrenchNumberingPlan plan;
    private final ChannelHangup hangup;
    private final Clock clock;
    private final Duration grace;
    /** Uniqueids of the channels already asked to hang up, forgotten when they do. */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    public DurationWatchdog(CallTracker tracker, Directory directory, FrenchNumberingPlan plan, ChannelHangup hangup,
                            Clock clock, Duration grace) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.hangup = Objects.requireNonNull(hangup, "hangup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** One overdue call: the channel to hang up, its account and the maximum it outlived. */
    public record Overdue(LiveCall call, String accountId, long maxSeconds) { }

    /** The first leg of every call (not an emergency call) older than its maximum plus the grace at {@code now}. */
    public List<LiveCall> overdue(Instant now) {
        List<LiveCall> out = new ArrayList<>();
        for (Overdue o : overdueCalls(now)) out.add(o.call());
        return out;
    }

    /** {@link #overdue(Instant)} with the account and the maximum of each call. */
    public List<Overdue> overdueCalls(Instant now) {
        Map<String, List<LiveCall>> calls = new LinkedHashMap<>();
        for (LiveCall c : tracker.list()) calls.computeIfAbsent(CapReconciler.callKey(c), k -> new ArrayList<>()).add(c);
        List<Overdue> out = new ArrayList<>();
        for (Map.Entry<String, List<LiveCall>> e : calls.entrySet()) {
            List<LiveCall> legs = e.getValue();
            if (legs.stream().anyMatch(this::toEmergency)) continue;
            long max = maxSeconds(legs);
            Instant from = countedFrom(legs);
            if (from == null || !from.plusSeconds(max).plus(grace).isBefore(now)) continue;
            out.add(new Overdue(firstLeg(e.getKey(), legs), accountOf(legs), max));
        }
        return out;
    }

    /**
     * Asks for the hang-up of every overdue call not yet asked for; returns how many were asked. A failed request
     * is retried at the next sweep.
     */
    public int sweep() {
        int n = 0;
        for (Overdue o : overdueCalls(clock.instant())) {
            LiveCall c = o.call();
            if (c.channel() == null || c.channel().isBlank() || !asked.add(c.uniqueId())) continue;
            LOG.warn("call {} of account {} on {} exceeded its maximum duration of {} s (R1, CP Téléphonie §1): hanging up",
                    c.uniqueId(), o.accountId().isEmpty() ? "?" : o.accountId(), c.channel(), o.maxSeconds());
            try {
                hangup.hangup(c, ChannelHangup.NORMAL_CLEARING);
                n++;
            } catch (RuntimeException ex) {
                asked.remove(c.uniqueId());
                LOG.warn("hang-up of {} could not be requested: {}", c.channel(), ex.toString());
            }
        }
        return n;
    }

    @Override
    public void onHangup(LiveCall call, Integer cause) { asked.remove(call.uniqueId()); }

    @Override
    public void onResync(List<LiveCall> live) {
        Set<String> ids = new HashSet<>();
        for (LiveCall c : live) ids.add(c.uniqueId());
        asked.retainAll(ids);
    }

    private boolean toEmergency(LiveCall c) {
        return c.callee() != null && !c.callee().isBlank() && plan.classify(c.callee()).isEmergency();
    }

    private long maxSeconds(List<LiveCall> legs) {
        Long decided = null;
        Long account = null;
        for (LiveCall c : legs) {
            if (c.maxSeconds() != null && (decided == null || c.maxSeconds() < decided)) decided = c.maxSeconds();
            Long m = c.accountId() == null ? null
                    : directory.account(c.accountId()).map(Account::maxCallSeconds).orElse(null);
            if (m != null && (account == null || m < account)) account = m;
        }
        if (decided != null) return decided;
        return account != null ? account : Account.DEFAULT_MAX_CALL_SECONDS;
    }

    private static Instant countedFrom(List<LiveCall> legs) {
        Instant answered = null;
        Instant started = null;
        for (LiveCall c : legs) {
            if (c.answeredAt() != null && (answered == null || c.answeredAt().isBefore(answered))) answered = c.answeredAt();
            if (c.startedAt() != null && (started == null || c.startedAt().isBefore(started))) started = c.startedAt();
        }
        return answered != null ? answered : started;
    }

    private static LiveCall firstLeg(String key, List<LiveCall> legs) {
        for (LiveCall c : legs) {
            if (key.equals(c.uniqueId())) return c;
        }
        return legs.get(0);
    }

    private static String accountOf(List<LiveCall> legs) {
        for (LiveCall c : legs) {
            if (c.accountId() != null && !c.accountId().isBlank()) return c.accountId();
        }
        return "";
    }
}
