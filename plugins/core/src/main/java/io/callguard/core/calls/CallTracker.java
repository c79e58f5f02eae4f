package io.callguard.core.calls;

import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.policy.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live channels by Asterisk Uniqueid, fed by the AMI adapter (channel created, state changed, hung up, full
 * resynchronisation) and by FastAGI decisions (account, direction, trunk, callee). Every method is thread-safe and
 * non-blocking (the hung-up ids take a lock for a few hundred nanoseconds, no wait on I/O): readers (admin API,
 * caps) may call {@link #list()} from any thread. Time comes from the injected
 * clock only. The tracker applies no business rule: it records what Asterisk and the decisions say.
 */
public final class CallTracker implements DecisionListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallTracker.class);
    /** Hung-up ids remembered so that a late decision cannot bring a dead channel back (bounded). */
    private static final int TOMBSTONES = 8192;
    private static final String UP = "Up";
    /** Distinct few-valued Strings shared across calls (endpoints, accounts, short extensions), and their length. */
    private static final int SHARED_STRINGS = 4096;
    private static final int SHARED_LENGTH = 64;
    /** Caller and callee numbers this short ({@code s}, {@code 112}) are shared; longer ones are one per call. */
    private static final int SHORT_NUMBER = 3;

    private final Clock clock;
    private final ConcurrentHashMap<String, LiveCall> calls = new ConcurrentHashMap<>();
    private final List<CallTrackerListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final HungUpIds tombstones = new HungUpIds(TOMBSTONES);
    /**
     * One instance of each endpoint, account id and short number for all the live calls (issue 13: the memory of a
     * live call). Bounded, as AMI and FastAGI text is not callguard's.
     */
    private final BoundedStrings shared = new BoundedStrings(SHARED_STRINGS, SHARED_LENGTH);
    /** The last maximum duration recorded: the decisions of an account box the same value again and again. */
    private volatile Long lastMaxSeconds;

    /**
     * @param call    the current view
     * @param seq     creation order, breaks ties between equal start times
     * @param decided a FastAGI decision enriched it (its account/direction/trunk/callee win over AMI's)
     */
    /**
     * A channel of the table: its LiveCall with the tracker's two facts stamped on it before it is published (no
     * object of their own: 24 B less per live channel, issue 13).
     */
    private static LiveCall entry(LiveCall call, long seq, boolean decided) {
        call.seq = seq;
        call.decided = decided;
        return call;
    }

    public CallTracker(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); }

    /** The clock the tracker stamps with; adapters use it to date what they report. */
    public Clock clock() { return clock; }

    public void addListener(CallTrackerListener listener) { listeners.add(Objects.requireNonNull(listener, "listener")); }

    public void removeListener(CallTrackerListener listener) { listeners.remove(listener); }

    /** Snapshot of the live calls, oldest first. */
    public List<LiveCall> list() {
        List<LiveCall> entries = new ArrayList<>(calls.values());
        Comparator<LiveCall> byStart = (x, y) -> LiveCall.compareStart(x, y);
        entries.sort(byStart.thenComparingLong(e -> e.seq));
        List<LiveCall> out = new ArrayList<>(entries.size());
        for (LiveCall e : entries) out.add(e);
        return out;
    }

    public Optional<LiveCall> get(String uniqueId) {
        if (uniqueId == null) return Optional.empty();
        LiveCall e = calls.get(uniqueId);
        return e == null ? Optional.empty() : Optional.of(e);
    }

    public int size() { return calls.size(); }

    /**
     * Forgets entries that only a decision created and that AMI never reported, once older than their maximum
     * duration (the decision's, else {@code defaultMaxSeconds}) plus {@code margin}. Without AMI events nothing
     * else would ever remove them (AMI down for hours, a wrong secret): the table must not grow without bound.
     * Listeners hear {@code onHangup(call, null)}. Returns how many were forgotten.
     */
    public int forgetUnreported(Instant now, long defaultMaxSeconds, Duration margin) {
        int forgotten = 0;
        for (LiveCall e : new ArrayList<>(calls.values())) {
            LiveCall c = e;
            if (!c.state().isEmpty()) continue; // reported by AMI at least once
            long max = c.maxSeconds() != null ? c.maxSeconds() : defaultMaxSeconds;
            if (!c.startedAt().plusSeconds(max).plus(margin).isBefore(now)) continue;
            if (calls.remove(c.uniqueId(), e)) {
                remember(c.uniqueId());
                fireHangup(c, null);
                forgotten++;
            }
        }
        return forgotten;
    }

    /** AMI {@code Newchannel}, dated now. */
    public void channelCreated(String uniqueId, String linkedId, String channel, String accountCode, String callerNum,
                               String exten, String state) {
        channelCreated(uniqueId, linkedId, channel, accountCode, callerNum, exten, state, clock.instant());
    }

    /**
     * AMI {@code Newchannel}. If a decision already created the entry, its enrichment is kept and the AMI fields
     * fill in the rest; the earlier of the two start times wins.
     */
    public void channelCreated(String uniqueId, String linkedId, String channel, String accountCode, String callerNum,
                               String exten, String state, Instant at) {
        if (blank(uniqueId)) return;
        Instant when = at == null ? clock.instant() : at;
        String st = state(state);
        LiveCall fresh = new LiveCall(uniqueId, sharedLinkedId(uniqueId, linkedId), nz(channel),
                few(ChannelNames.endpointOf(channel)), few(nz(accountCode)), null, number(nz(callerNum)),
                number(nz(exten)), st, when, UP.equalsIgnoreCase(st) ? when : null, null);
        LiveCall[] after = new LiveCall[1];
        calls.compute(uniqueId, (id, old) -> after[0] = createdEntry(id, old, fresh, st, when));
        fireChannelCreated(after[0], after[0].decided);
    }

    /** The entry after a Newchannel: {@code fresh}, or {@code old} (a decision came first) filled in by it. */
    private LiveCall createdEntry(String id, LiveCall old, LiveCall fresh, String st, Instant when) {
        if (old == null) return entry(fresh, sequence.incrementAndGet(), false);
        LiveCall o = old;
        // the table's key: the String of the first report (fresh has this event's copy of it)
        String key = o.uniqueId();
        String linked = fresh.linkedId().equals(key) ? key : fresh.linkedId();
        Instant started = o.startedAt().isBefore(when) ? o.startedAt() : when;
        LiveCall merged = old.decided
                ? new LiveCall(key, linked, fresh.channel(), nzOr(o.endpoint(), fresh.endpoint()),
                nzOr(o.accountId(), fresh.accountId()), o.direction(), nzOr(o.caller(), fresh.caller()),
                nzOr(o.callee(), fresh.callee()), st, started, firstNonNull(o.answeredAt(), fresh.answeredAt()),
                o.maxSeconds())
                : new LiveCall(key, linked, fresh.channel(), fresh.endpoint(), fresh.accountId(), null,
                fresh.caller(), fresh.callee(), st, started, firstNonNull(o.answeredAt(), fresh.answeredAt()), null);
        return entry(merged, old.seq, old.decided);
    }

    /** AMI {@code Newstate}, dated now. */
    public void stateChanged(String uniqueId, String state) { stateChanged(uniqueId, state, clock.instant()); }

    /** AMI {@code Newstate}: the first {@code Up} sets answeredAt; an unknown id changes nothing. */
    public void stateChanged(String uniqueId, String state, Instant at) {
        if (blank(uniqueId)) return;
        Instant when = at == null ? clock.instant() : at;
        String st = state(state);
        calls.computeIfPresent(uniqueId, (id, old) -> {
            LiveCall o = old;
            Instant answered = o.answeredAt() == null && UP.equalsIgnoreCase(st) ? when : o.answeredAt();
            return entry(new LiveCall(o.uniqueId(), o.linkedId(), o.channel(), o.endpoint(), o.accountId(),
                    o.direction(), o.caller(), o.callee(), st, o.startedAt(), answered, o.maxSeconds()), old.seq,
                    old.decided);
        });
    }

    /**
     * AMI {@code Hangup}: removes the channel and tells the listeners once. Idempotent; an unknown id changes
     * nothing and tells nobody.
     *
     * @return the call that was removed, empty if it was not live
     */
    public Optional<LiveCall> hungUp(String uniqueId, Integer cause) {
        if (blank(uniqueId)) return Optional.empty();
        remember(uniqueId);
        LiveCall removed = calls.remove(uniqueId);
        if (removed == null) return Optional.empty();
        fireHangup(removed, cause);
        return Optional.of(removed);
    }

    /**
     * A point in the tracker's history. An AMI snapshot requested after this point cannot know the entries
     * created after it; pass the mark to {@link #replaceAll(Collection, long)} so that those are kept.
     */
    public long mark() { return sequence.get(); }

    /** Like {@link #replaceAll(Collection, long)} for a snapshot that saw every entry of the table. */
    public void replaceAll(Collection<LiveCall> current) { replaceAll(current, Long.MAX_VALUE); }

    /**
     * A full picture from AMI {@code CoreShowChannels}, requested at {@code requestedAt} (a {@link #mark()}): the
     * table becomes these channels plus the entries created after the request. Channels still
     * present keep their start/answer times and decision enrichment; channels that vanished are removed and the
     * listeners hear {@code onHangup(call, null)}. The real answer time of a channel that went Up unseen is unknown:
     * a channel first seen here Up gets answeredAt = its start (erring early never under-counts a duration), a known
     * channel that went Up meanwhile gets now. Then the listeners hear {@code onResync} with the new table.
     */
    public void replaceAll(Collection<LiveCall> current, long requestedAt) {
        replaceAll(current, requestedAt, id -> true);
    }

    /**
     * As {@link #replaceAll(Collection, long)} for the channels of one platform among several: only the entries
     * whose key {@code scope} accepts may be removed for being absent from {@code current} (the other servers'
     * calls stay, whatever this list says). Listeners still hear {@code onResync} with the whole table.
     */
    public void replaceAll(Collection<LiveCall> current, long requestedAt, java.util.function.Predicate<String> scope) {
        replaceAll(current, requestedAt, scope, true);
    }

    /**
     * As {@link #replaceAll(Collection, long, java.util.function.Predicate)}; {@code announce} false applies the list
     * without the listeners' {@code onResync} (the {@code onHangup} of the vanished channels still fire): the
     * adapter holds it back while the picture is partial (some servers not yet resynchronised since the start), so
     * that what is reconciled on the first {@code onResync} is every server's calls.
     */
    public void replaceAll(Collection<LiveCall> current, long requestedAt, java.util.function.Predicate<String> scope,
                           boolean announce) {
        Objects.requireNonNull(scope, "scope");
        Map<String, LiveCall> incoming = new HashMap<>();
        for (LiveCall c : current) {
            if (c != null && !blank(c.uniqueId())) incoming.put(c.uniqueId(), c);
        }
        for (String id : new ArrayList<>(calls.keySet())) {
            if (incoming.containsKey(id) || !scope.test(id)) continue;
            // Created after the snapshot was requested (a Newchannel or a decision that overtook the list): the
            // snapshot cannot show it, and its own Hangup will remove it.
            LiveCall seen = calls.get(id);
            if (seen != null && seen.seq > requestedAt) continue;
            LiveCall removed = calls.remove(id);
            if (removed != null) {
                remember(id);
                fireHangup(removed, null);
            }
        }
        for (LiveCall c : incoming.values()) {
            calls.compute(c.uniqueId(), (id, old) -> {
                Instant answeredIfUp = UP.equalsIgnoreCase(c.state()) ? c.startedAt() : null;
                if (old == null) {
                    LiveCall fresh = new LiveCall(id, sharedLinkedId(id, c.linkedId()), nz(c.channel()),
                            few(nzOr(c.endpoint(), ChannelNames.endpointOf(c.channel()))), few(nz(c.accountId())),
                            c.direction(), number(nz(c.caller())), number(nz(c.callee())), state(c.state()),
                            c.startedAt() == null ? clock.instant() : c.startedAt(),
                            firstNonNull(c.answeredAt(), answeredIfUp), sharedMax(c.maxSeconds()));
                    return entry(fresh, sequence.incrementAndGet(), false);
                }
                LiveCall o = old;
                Instant answered = firstNonNull(o.answeredAt(), firstNonNull(c.answeredAt(),
                        UP.equalsIgnoreCase(c.state()) ? clock.instant() : null));
                String linked = blank(c.linkedId()) || c.linkedId().equals(o.linkedId()) ? o.linkedId()
                        : sharedLinkedId(o.uniqueId(), c.linkedId());
                LiveCall merged = new LiveCall(o.uniqueId(), linked, nzOr(c.channel(), o.channel()),
                        old.decided ? o.endpoint() : few(nzOr(c.endpoint(), o.endpoint())),
                        old.decided ? o.accountId() : few(nzOr(c.accountId(), o.accountId())),
                        o.direction(), nzOr(o.caller(), number(c.caller())), nzOr(o.callee(), number(c.callee())),
                        blank(c.state()) ? nz(o.state()) : state(c.state()), o.startedAt(), answered,
                        old.decided ? o.maxSeconds() : sharedMax(firstNonNull(c.maxSeconds(), o.maxSeconds())));
                return entry(merged, old.seq, old.decided);
            });
        }
        if (announce) fireResync(list());
    }

    /**
     * A FastAGI decision: enriches the entry of {@code call.uniqueId()} with account, direction, trunk, callee and
     * the decision's maximum duration, creating it if AMI has not reported the channel yet. A channel already hung up is not brought back.
     */
    @Override public void onDecision(CallContext call, Decision decision) {
        String id = call.uniqueId();
        if (blank(id) || tombstones.contains(id)) return;
        Direction direction = call.direction();
        String callee = call.callee().dialled();
        calls.compute(id, (k, old) -> {
            if (old == null) {
                Instant at = call.at();
                return entry(new LiveCall(k, k, call.channel(), few(nzOr(call.trunkId(),
                        ChannelNames.endpointOf(call.channel()))), few(call.accountId()), direction,
                        number(call.caller()), number(callee), "", at, null, sharedMax(decision.maxSeconds())),
                        sequence.incrementAndGet(), true);
            }
            LiveCall o = old;
            return entry(new LiveCall(o.uniqueId(), o.linkedId(), nzOr(o.channel(), call.channel()),
                    few(nzOr(call.trunkId(), o.endpoint())), few(nzOr(call.accountId(), o.accountId())), direction,
                    number(nzOr(call.caller(), o.caller())), number(nzOr(callee, o.callee())), o.state(),
                    o.startedAt(), o.answeredAt(), sharedMax(decision.maxSeconds())), old.seq, true);
        });
    }

    private void fireResync(List<LiveCall> live) {
        for (CallTrackerListener l : listeners) {
            try {
                l.onResync(live);
            } catch (RuntimeException e) {
                LOG.warn("call tracker listener {} failed on resynchronisation", l, e);
            }
        }
    }

    private void fireChannelCreated(LiveCall call, boolean decidedFirst) {
        for (CallTrackerListener l : listeners) {
            try {
                l.onChannelCreated(call, decidedFirst);
            } catch (RuntimeException e) {
                LOG.warn("call tracker listener {} failed on the creation of {}", l, call.uniqueId(), e);
            }
        }
    }

    private void fireHangup(LiveCall call, Integer cause) {
        for (CallTrackerListener l : listeners) {
            try {
                l.onHangup(call, cause);
            } catch (RuntimeException e) {
                LOG.warn("call tracker listener {} failed on hangup of {}", l, call.uniqueId(), e);
            }
        }
    }

    private void remember(String uniqueId) { tombstones.add(uniqueId); }

    /**
     * A leg's Linkedid as the very String of its call's first leg's Uniqueid: {@code uniqueId} itself for a first leg
     * (or when Asterisk gave none), the first leg's key when that leg is live here, else {@code linkedId} as given.
     */
    private String sharedLinkedId(String uniqueId, String linkedId) {
        if (blank(linkedId) || linkedId.equals(uniqueId)) return uniqueId;
        LiveCall first = calls.get(linkedId);
        return first != null ? first.uniqueId() : linkedId;
    }

    /** A state description: Asterisk's as a constant, anything else shared through the bounded table. */
    private String state(String state) {
        String known = ChannelStates.constant(nz(state));
        return known != null ? known : shared.of(state);
    }

    /** A few-valued String (endpoint, account id) as its shared instance; null stays null. */
    private String few(String s) { return shared.of(s); }

    /** A caller or callee number: shared when short ({@code s}), else as given; null stays null. */
    private String number(String s) { return s != null && s.length() <= SHORT_NUMBER ? shared.of(s) : s; }

    /** {@code max} or an equal Long recorded just before: one box for the decisions of an account. */
    private Long sharedMax(Long max) {
        if (max == null) return null;
        Long last = lastMaxSeconds;
        if (max.equals(last)) return last;
        lastMaxSeconds = max;
        return max;
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }

    private static String nz(String s) { return s == null ? "" : s; }

    private static String nzOr(String preferred, String fallback) { return blank(preferred) ? nz(fallback) : preferred; }

    private static <T> T firstNonNull(T a, T b) { return a != null ? a : b; }
}
