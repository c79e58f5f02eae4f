package io.callguard.records.build;

import io.callguard.core.calls.BoundedStrings;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Verdict;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Builds ONE {@link CallRecord} per call and hands it to a sink when the call is over.
 *
 * <p>What it hears: the AMI call events ({@link CallEventListener}: a leg created, its state, a dial's end, a leg
 * hung up), the FastAGI decisions ({@link DecisionListener}: account, trunk, direction, caller, callee, verdict) and
 * the call tracker's resynchronisations ({@link CallTrackerListener#onResync}: the calls already up when callguard
 * (re)connected are adopted, their start being what Asterisk's CoreShowChannel reported).
 *
 * <p>Gaps: when the AMI stream is lost ({@link CallEvent.StreamLost}) calls may end unseen; once the adapter has
 * resynchronised ({@link CallEvent.StreamRestored}, right after the {@code onResync} that drops the calls which
 * vanished meanwhile) ONE {@link Gap} from the loss to that resynchronisation goes to the gap sink, with the loss's
 * reason. The resynchronisation, not the relogin, is where callguard sees again: the calls found missing there are
 * the ones the gap covers.
 *
 * <p>Legs are paired by Asterisk's Linkedid (the Uniqueid of the call's first leg), never by the sequence number
 * of the Uniqueid: with concurrent calls the numbers of callers and callees interleave. A call is over when every
 * leg it had has hung up. Its times are this builder's clock when the event arrived (AMI events carry no time of
 * their own unless {@code timestampevents} is on).
 *
 * <p>Bounded memory: a call still open {@code forgetAfter} after it was first seen, or last confirmed alive by a
 * resynchronisation (a lost Hangup), is forgotten without a record (counted in {@link #forgotten()}); a decision whose channel never showed is kept at most
 * {@link #PENDING_DECISION_TTL}. Forgetting is checked on every event, a few entries at a time, oldest first: O(1)
 * per event, no timer. Thread-safe: the AMI client's context and the FastAGI contexts call it; every entry point
 * holds one short lock, never while the sink runs.
 */
public final class CallRecordBuilder implements CallEventListener, DecisionListener, CallTrackerListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordBuilder.class);
    /** How long a decision waits for its channel's Newchannel (they race; AMI normally follows within ms). */
    static final Duration PENDING_DECISION_TTL = Duration.ofSeconds(60);
    /** Entries checked for forgetting per event: enough to keep up with any call rate, constant per event. */
    private static final int EVICTIONS_PER_EVENT = 4;
    private static final int MIN_SLOTS = 64;
    private static final Object TOMBSTONE = new Object();
    private static final long PENDING_DECISION_TTL_NANOS = PENDING_DECISION_TTL.toNanos();
    /** A time not yet known (a leg not Up, no dial answered). */
    static final long NO_TIME = Long.MIN_VALUE;
    /** Numbers this short (extensions such as {@code s}) are shared, as the call tracker shares them. */
    private static final int SHORT_NUMBER = 3;

    private final Clock clock;
    private final FrenchNumberingPlan plan;
    private final String asteriskNode;
    private final Duration forgetAfter;
    private final long forgetAfterNanos;
    /**
     * The low-cardinality Strings an open call keeps (accounts, trunks, short extensions), one instance per value:
     * the decision's and the events' own copies are not kept for 10,000s of calls (bounded, as the tracker's).
     */
    private final BoundedStrings few = new BoundedStrings(4096, 64);
    private final boolean congestionDisposition;
    private final Consumer<CallRecord> sink;
    private final Consumer<Gap> gapSink;
    /** The stream loss not yet followed by a resynchronisation (its first {@code StreamLost}), else null. */
    private CallEvent.StreamLost lostSince;

    // The open calls (issue 13: no map entry of their own, 10,000s of them). In the order they were first seen (the
    // forgetting order): a list through the calls themselves. By the Uniqueid of each of their legs: an open-addressing
    // table of the calls alone (a slot matches a Uniqueid when its call has that leg), at most three quarters taken
    // (calls and tombstones), at most half by calls when it is built.
    // By Linkedid: the call of the leg whose Uniqueid it is, else (a call first seen by another of its legs) orphans.
    private Call oldest;
    private Call newest;
    private int openCount;
    private Object[] slots = new Object[MIN_SLOTS];
    /** Slots holding a call, slots emptied since the table was last built (TOMBSTONE: the probes go on past them). */
    private int slotsUsed;
    private int tombstones;
    /** Open calls by Linkedid when no leg of theirs has that Uniqueid (yet): rare. */
    private final Map<String, Call> orphans = new HashMap<>();
    /** Decisions that came before their channel's Newchannel, by Uniqueid, oldest first. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

    private final AtomicLong built = new AtomicLong();
    private final AtomicLong forgotten = new AtomicLong();
    private final AtomicLong lostAtResync = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean warnedLongMaximum = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param clock                 the time of each event (injected: tests replay captures on their own clock)
     * @param plan                  classifies the callee of a call that had no decision
     * @param asteriskNode          written into every record: the Asterisk server these events come from
     * @param forgetAfter           an open call older than this is forgotten; longer than the longest call allowed
     * @param congestionDisposition {@code DialStatus: CONGESTION} gives CONGESTION (Asterisk's {@code cdr.conf}
     *                              {@code congestion=yes}); false gives FAILED, as Asterisk's default does
     * @param sink                  receives each record once, on the thread of the event that ended the call
     */
    public CallRecordBuilder(Clock clock, FrenchNumberingPlan plan, String asteriskNode, Duration forgetAfter,
                             boolean congestionDisposition, Consumer<CallRecord> sink) {
        this(clock, plan, asteriskNode, forgetAfter, congestionDisposition, sink, gap -> { });
    }

    /**
     * As {@link #CallRecordBuilder(Clock, FrenchNumberingPlan, String, Duration, boolean, Consumer)}, and
     *
     * @param gapSink receives one {@link Gap} per loss of the AMI stream, once it is resynchronised, on the AMI
     *                client's thread, before any record of a call that ends after that resynchronisation
     */
    public CallRecordBuilder(Clock clock, FrenchNumberingPlan plan, String asteriskNode, Duration forgetAfter,
                             boolean congestionDisposition, Consumer<CallRecord> sink, Consumer<Gap> gapSink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.asteriskNode = asteriskNode == null ? "" : asteriskNode;
        this.forgetAfter = Objects.requireNonNull(forgetAfter, "forgetAfter");
        if (forgetAfter.isNegative() || forgetAfter.isZero()) throw new IllegalArgumentException("forgetAfter must be positive");
        this.forgetAfterNanos = saturatedNanos(forgetAfter);
        this.congestionDisposition = congestionDisposition;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.gapSink = Objects.requireNonNull(gapSink, "gapSink");
    }

    // ---- what it hears ----------------------------------------------------------------------------------------

    @Override
    public void onCallEvent(CallEvent event) {
        if (event instanceof CallEvent.StreamLost lost) {
            synchronized (this) {
                if (lostSince == null) lostSince = lost; // the first loss until a resync: the gap starts there
            }
            return;
        }
        if (event instanceof CallEvent.StreamRestored restored) {
            Gap gap = null;
            synchronized (this) {
                if (lostSince != null) {
                    Instant from = lostSince.at();
                    // the adapter dates both on one clock; never a gap that ends before it starts
                    gap = new Gap(from, restored.at().isBefore(from) ? from : restored.at(), lostSince.reason());
                    lostSince = null;
                }
            }
            if (gap != null) emitGap(gap);
            return;
        }
        CallRecord done = null;
        synchronized (this) {
            long now = nanos(clock.instant());
            if (event instanceof CallEvent.ChannelCreated c) {
                created(c, now);
            } else if (event instanceof CallEvent.StateChanged s) {
                stateChanged(s, now);
            } else if (event instanceof CallEvent.DialEnded d) {
                dialEnded(d, now);
            } else if (event instanceof CallEvent.HungUp h) {
                done = hungUp(h, now);
            }
            forgetOld(now);
        }
        if (done != null) emit(done);
    }

    @Override
    public void onDecision(CallContext call, Decision decision) {
        if (decision.maxSeconds() != null && decision.maxSeconds() >= forgetAfter.getSeconds()
                && !warnedLongMaximum.getAndSet(true)) {
            LOG.warn("a call may last {} s, longer than records.forgetAfter ({}): it would be forgotten without a record;"
                    + " raise records.forgetAfter", decision.maxSeconds(), forgetAfter);
        }
        // the callee's classification is kept only when the plan would not give it again from the dialled number
        // (outside the lock: the plan's work is the FastAGI thread's, not every event's)
        ClassifiedNumber callee = plan.classify(call.callee().dialled()).equals(call.callee()) ? null : call.callee();
        synchronized (this) {
            long now = nanos(clock.instant());
            Call c = find(call.uniqueId());
            if (c != null) {
                decide(c, c.indexOf(call.uniqueId()), call, callee, decision);
            } else {
                // the decision raced ahead of its Newchannel: it waits for it
                pending.put(call.uniqueId(), new Pending(call, callee, decision, now));
            }
            forgetOld(now);
        }
    }

    @Override
    public synchronized void onResync(List<LiveCall> live) {
        long now = nanos(clock.instant());
        Set<String> liveIds = new HashSet<>();
        for (LiveCall l : live) liveIds.add(l.uniqueId());
        // legs that vanished while AMI was away: their end is unknown, so a call left with no live leg is not
        // recorded (the chain's gap entry covers that window) but counted
        for (Call c = oldest, next; c != null; c = next) {
            next = c.newer;
            for (int i = 0; i < c.legCount; i++) {
                if (!c.ended(i) && !liveIds.contains(c.legId(i))) c.end(i, Call.NO_CAUSE);
            }
            if (c.open() <= 0) {
                remove(c);
                lostAtResync.incrementAndGet();
                LOG.info("call {} ended while AMI was away: no record (the gap covers it)", c.linkedId);
            }
        }
        // Asterisk confirmed the others alive: their forgetting bound starts again from now (all of them: the order
        // stays as it is)
        for (Call c = oldest; c != null; c = c.newer) c.firstSeen = now;
        // calls already up that this builder never saw: adopted
        for (LiveCall l : live) {
            String uniqueId = l.uniqueId();
            if (find(uniqueId) != null) continue;
            String linkedId = nz(l.linkedId()).isEmpty() || l.linkedId().equals(uniqueId) ? uniqueId : l.linkedId();
            Call c = findByLinkedId(linkedId);
            long start = l.startedAt() == null ? now : nanos(l.startedAt());
            if (c == null) {
                c = open(linkedId, uniqueId, now, start);
                c.adopted = true;
            } else if (start < c.startedAt) {
                c.startedAt = start;
            }
            int leg = addLeg(c, uniqueId, nz(l.channel()), nz(l.accountId()), nz(l.caller()), nz(l.callee()));
            if (l.direction() != null && c.verdict == null && c.direction == null) c.direction = l.direction();
            // Up when listed, answered unseen: the real answer is unknown (the tracker errs early, at the start, so as
            // never to under-count a duration); a bill counts only what is proven, from now
            if ("Up".equalsIgnoreCase(l.state())) c.up(leg, now);
            Pending p = pending.remove(uniqueId);
            if (p != null) decide(c, leg, p.call, p.callee, p.decision);
        }
    }

    // ---- counters ---------------------------------------------------------------------------------------------

    /** Records handed to the sink. */
    public long built() { return built.get(); }

    /** Calls forgotten without a record: still open {@code forgetAfter} after they were first seen. */
    public long forgotten() { return forgotten.get(); }

    /** Calls whose every leg vanished while AMI was away (seen missing at a resynchronisation): no record. */
    public long lostAtResync() { return lostAtResync.get(); }

    /** Records and gaps the sinks threw on. */
    public long sinkFailures() { return sinkFailures.get(); }

    /** Gaps handed to the gap sink (one per loss of the AMI stream, once resynchronised). */
    public long gaps() { return gaps.get(); }

    /** The start of the AMI stream's loss not yet resynchronised, null when the stream is whole. */
    public synchronized Instant lostSince() { return lostSince == null ? null : lostSince.at(); }

    /** Calls open now. */
    public synchronized int openCalls() { return openCount; }

    /** Decisions waiting for their channel now. */
    public synchronized int pendingDecisions() { return pending.size(); }

    // ---- the events -------------------------------------------------------------------------------------------

    private void created(CallEvent.ChannelCreated e, long now) {
        String uniqueId = e.uniqueId();
        if (uniqueId == null || find(uniqueId) != null) return;
        // the first leg's Linkedid is its own Uniqueid: the one String both keep (the tracker keeps that one too)
        String linkedId = nz(e.linkedId()).isEmpty() || e.linkedId().equals(uniqueId) ? uniqueId : e.linkedId();
        Call c = findByLinkedId(linkedId);
        if (c == null) c = open(linkedId, uniqueId, now, now);
        int leg = addLeg(c, uniqueId, nz(e.channel()), nz(e.accountCode()), nz(e.callerIdNum()), nz(e.exten()));
        if ("Up".equalsIgnoreCase(e.state())) c.up(leg, now);
        Pending p = pending.remove(uniqueId);
        if (p != null) decide(c, leg, p.call, p.callee, p.decision);
    }

    private void stateChanged(CallEvent.StateChanged e, long now) {
        Call c = find(e.uniqueId());
        if (c == null || !"Up".equalsIgnoreCase(e.state())) return;
        c.up(c.indexOf(e.uniqueId()), now);
    }

    private void dialEnded(CallEvent.DialEnded e, long now) {
        Call c = find(e.uniqueId());
        if (c == null) c = find(e.destUniqueId());
        if (c == null || e.dialStatus() == null) return;
        c.dialled = true;
        // a later attempt (failover) replaces an earlier one's status, but an answer stays an answer
        if (!"ANSWER".equals(c.dialStatus)) c.dialStatus = dialStatus(e.dialStatus());
        if ("ANSWER".equals(c.dialStatus) && c.dialAnsweredAt == NO_TIME) c.dialAnsweredAt = now;
    }

    private CallRecord hungUp(CallEvent.HungUp e, long now) {
        Call c = find(e.uniqueId());
        if (c == null) return null;
        int leg = c.indexOf(e.uniqueId());
        if (leg < 0 || c.ended(leg)) return null;
        c.end(leg, e.cause() == null ? Call.NO_CAUSE : e.cause());
        if (c.open() > 0) return null;
        remove(c);
        return record(c, now);
    }

    /** Forgets at most a few of the oldest open calls and pending decisions that are past their bound. */
    private void forgetOld(long now) {
        for (int i = 0; i < EVICTIONS_PER_EVENT && oldest != null; i++) {
            Call c = oldest;
            if (now - c.firstSeen <= forgetAfterNanos) break;
            remove(c);
            forgotten.incrementAndGet();
            LOG.warn("call {} still open {} after it was first seen (a Hangup was lost?): forgotten without a record",
                    c.linkedId, forgetAfter);
        }
        Iterator<Pending> p = pending.values().iterator();
        for (int i = 0; i < EVICTIONS_PER_EVENT && p.hasNext(); i++) {
            if (now - p.next().at <= PENDING_DECISION_TTL_NANOS) break;
            p.remove();
        }
    }

    // ---- the tables -------------------------------------------------------------------------------------------

    /** The open call that has a leg {@code uniqueId}, else null. */
    private Call find(String uniqueId) {
        if (uniqueId == null) return null;
        Object[] t = slots;
        int mask = t.length - 1;
        for (int i = slot(uniqueId, mask); ; i = (i + 1) & mask) {
            Object s = t[i];
            if (s == null) return null;
            if (s != TOMBSTONE && ((Call) s).indexOf(uniqueId) >= 0) return (Call) s;
        }
    }

    /** The open call of this Linkedid, else null. */
    private Call findByLinkedId(String linkedId) {
        Call c = find(linkedId); // the call's first leg: its Uniqueid is the Linkedid
        if (c != null && c.linkedId.equals(linkedId)) return c;
        return orphans.get(linkedId);
    }

    /** A new open call, the newest in the forgetting order; its legs are added by {@link #addLeg}. */
    private Call open(String linkedId, String firstLeg, long firstSeen, long startedAt) {
        Call c = new Call(linkedId, firstSeen, startedAt);
        if (newest == null) {
            oldest = c;
        } else {
            newest.newer = c;
            c.older = newest;
        }
        newest = c;
        openCount++;
        if (!linkedId.equals(firstLeg)) orphans.put(linkedId, c);
        return c;
    }

    /** The call leaves the tables: recorded, forgotten or lost. */
    private void remove(Call c) {
        if (c.older == null) oldest = c.newer; else c.older.newer = c.newer;
        if (c.newer == null) newest = c.older; else c.newer.older = c.older;
        c.older = null;
        c.newer = null;
        openCount--;
        orphans.remove(c.linkedId, c);
        // every slot of c lies on the probe of one of its legs, with no empty slot before it
        Object[] t = slots;
        int mask = t.length - 1;
        for (int leg = 0; leg < c.legCount; leg++) {
            for (int i = slot(c.legId(leg), mask); t[i] != null; i = (i + 1) & mask) {
                if (t[i] == c) {
                    t[i] = TOMBSTONE;
                    slotsUsed--;
                    tombstones++;
                }
            }
        }
        // the last open call gone (the end of a busy hour): the table of the peak is not kept
        if (slotsUsed == 0 && slots.length > MIN_SLOTS) {
            slots = new Object[MIN_SLOTS];
            tombstones = 0;
        }
    }

    /** Indexes leg {@code uniqueId} of {@code c} (c is in the forgetting order, the leg already added to it). */
    private void index(String uniqueId, Call c) {
        if ((slotsUsed + tombstones + 1) * 4L > slots.length * 3L) {
            rebuild(); // from the open calls, this leg included
        } else {
            if (insert(slots, uniqueId, c)) tombstones--;
            slotsUsed++;
        }
    }

    /** The table built again from the open calls, half full at most: no tombstone left. */
    private void rebuild() {
        int legs = 0;
        for (Call c = oldest; c != null; c = c.newer) legs += c.legCount;
        int capacity = MIN_SLOTS;
        while (capacity < legs * 2) capacity <<= 1;
        Object[] t = new Object[capacity];
        for (Call c = oldest; c != null; c = c.newer) {
            for (int leg = 0; leg < c.legCount; leg++) insert(t, c.legId(leg), c);
        }
        slots = t;
        slotsUsed = legs;
        tombstones = 0;
    }

    /** Puts c in the first free slot of the probe; true when that slot was a tombstone. */
    private static boolean insert(Object[] t, String uniqueId, Call c) {
        int mask = t.length - 1;
        int i = slot(uniqueId, mask);
        while (t[i] != null && t[i] != TOMBSTONE) i = (i + 1) & mask;
        boolean reused = t[i] == TOMBSTONE;
        t[i] = c;
        return reused;
    }

    private static int slot(String uniqueId, int mask) {
        int h = uniqueId.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    /**
     * A new leg of {@code c}, indexed; what its Newchannel said is kept only while it may be the record's (a call
     * without a decision is recorded from its client leg: the one whose Uniqueid is the Linkedid, else the first).
     */
    private int addLeg(Call c, String uniqueId, String channel, String accountCode, String callerIdNum, String exten) {
        int leg = c.add(uniqueId);
        index(uniqueId, c);
        if (uniqueId.equals(c.linkedId)) orphans.remove(uniqueId, c);
        if (c.verdict == null && (leg == 0 || uniqueId.equals(c.linkedId))) {
            c.account = few.of(accountCode);
            c.trunk = channel;
            c.caller = number(callerIdNum);
            c.calleeNumber = number(exten);
        }
        return leg;
    }

    /** The decision about leg {@code leg} of {@code c}: the record will say what the decision saw, not AMI. */
    private void decide(Call c, int leg, CallContext call, ClassifiedNumber callee, Decision d) {
        c.decidedLeg = leg;
        c.verdict = d.verdict();
        c.reason = d.reason();
        c.decisionCause = d.cause() == null ? Call.NO_CAUSE : d.cause();
        c.account = few.of(call.accountId());
        c.trunk = few.of(call.trunkId());
        c.direction = call.direction();
        c.caller = number(call.caller());
        c.calleeNumber = number(call.callee().dialled());
        c.callee = callee;
    }

    /** A short number (an extension such as {@code s}) shared; a longer one is the instance the tracker keeps too. */
    private String number(String s) { return s != null && s.length() <= SHORT_NUMBER ? few.of(s) : s; }

    /** The dial statuses Asterisk sends, as constants (an open call keeps no copy of its event's text). */
    private static String dialStatus(String raw) {
        String s = raw.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (s) {
            case "ANSWER" -> "ANSWER";
            case "BUSY" -> "BUSY";
            case "NOANSWER" -> "NOANSWER";
            case "CANCEL" -> "CANCEL";
            case "CONGESTION" -> "CONGESTION";
            case "CHANUNAVAIL" -> "CHANUNAVAIL";
            default -> s;
        };
    }

    private void emit(CallRecord record) {
        try {
            sink.accept(record);
            built.incrementAndGet();
        } catch (RuntimeException e) {
            sinkFailures.incrementAndGet();
            LOG.error("call record sink failed on {}: {}", record.uniqueId(), e.toString());
        }
    }

    private void emitGap(Gap gap) {
        LOG.info("AMI stream lost from {} to {} ({}): calls that ended meanwhile have no record; a gap covers them",
                gap.from(), gap.to(), gap.reason());
        try {
            gapSink.accept(gap);
            gaps.incrementAndGet();
        } catch (RuntimeException e) {
            sinkFailures.incrementAndGet();
            LOG.error("call record gap sink failed on {}: {}", gap, e.toString());
        }
    }

    // ---- the record -------------------------------------------------------------------------------------------

    private CallRecord record(Call c, long endNanos) {
        int client = c.clientLeg();
        boolean decided = c.verdict != null;
        boolean denied = c.verdict == Verdict.DENY;
        Instant end = instant(endNanos);

        Instant start = instant(Math.min(c.startedAt, endNanos));
        Instant answer = null;
        Disposition disposition;
        Integer cause = c.cause(client);
        if (denied) {
            disposition = Disposition.DENIED;
            cause = c.decisionCause == Call.NO_CAUSE ? null : c.decisionCause;
        } else {
            long answered = c.answer();
            answer = answered == NO_TIME ? null : instant(answered);
            if (c.dialStatus != null) {
                disposition = dialDisposition(c.dialStatus, congestionDisposition);
                if (disposition != Disposition.ANSWERED) answer = null;
                else if (answer == null) answer = end;
            } else if (answer != null) {
                disposition = Disposition.ANSWERED;
            } else {
                disposition = causeDisposition(cause, congestionDisposition);
            }
        }
        if (answer != null && answer.isBefore(start)) answer = start;
        if (answer != null && answer.isAfter(end)) answer = end;

        String trunkId;
        Direction direction;
        ClassifiedNumber callee;
        if (decided) {
            trunkId = c.trunk;
            direction = c.direction;
            callee = c.callee != null ? c.callee : plan.classify(c.calleeNumber);
        } else {
            trunkId = nz(ChannelNames.endpointOf(c.trunk));
            direction = c.direction == null ? Direction.OUTBOUND : c.direction;
            callee = plan.classify(c.calleeNumber);
        }
        String detail = callee.tier() != null ? callee.tier().prefix()
                : callee.category() == NumberCategory.INTERNATIONAL ? CountryPrefixes.of(callee.normalized()) : "";
        return new CallRecord(c.legId(client), c.linkedId, c.account, trunkId, direction, c.caller, callee.dialled(),
                callee.normalized(), callee.category(), detail, decided ? c.verdict.name() : "",
                !decided || c.reason == null ? "" : c.reason, start, answer, end,
                CallRecord.billable(answer, end), disposition, cause, asteriskNode, c.adopted);
    }

    /**
     * A dial's {@code DialStatus} as the CDR's disposition (Asterisk 22's {@code cdr.c}, checked on the captures):
     * CANCEL (the caller gave up while it rang) is NO ANSWER; CONGESTION is FAILED unless {@code cdr.conf}'s
     * {@code congestion} is on; CHANUNAVAIL and anything else is FAILED.
     */
    static Disposition dialDisposition(String dialStatus, boolean congestion) {
        return switch (dialStatus) {
            case "ANSWER" -> Disposition.ANSWERED;
            case "BUSY" -> Disposition.BUSY;
            case "NOANSWER", "CANCEL" -> Disposition.NO_ANSWER;
            case "CONGESTION" -> congestion ? Disposition.CONGESTION : Disposition.FAILED;
            default -> Disposition.FAILED;
        };
    }

    /**
     * The disposition of an unanswered call that ended without a dial's end, from the client leg's Q.850 cause, as
     * Asterisk's {@code cdr_object_set_disposition}: 17 BUSY, 34 FAILED (CONGESTION with {@code congestion}), 3 and
     * 20 FAILED, 16 and 19 NO ANSWER; any other cause leaves the CDR's disposition unset, which it prints as
     * NO ANSWER (a caller who hangs up during the decision: 127). An unknown cause is FAILED.
     */
    static Disposition causeDisposition(Integer cause, boolean congestion) {
        if (cause == null) return Disposition.FAILED;
        return switch (cause) {
            case 17 -> Disposition.BUSY;
            case 34 -> congestion ? Disposition.CONGESTION : Disposition.FAILED;
            case 3, 20 -> Disposition.FAILED;
            default -> Disposition.NO_ANSWER;
        };
    }

    private static String nz(String s) { return s == null ? "" : s; }

    /**
     * An instant as nanoseconds since the epoch: exact for the years 1678 to 2262 (a clock outside them is refused),
     * 8 bytes in the call instead of a 24-byte {@link Instant} each (issue 13: 10,000s of open calls).
     */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) { return Instant.ofEpochSecond(0, nanos); }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE; // ~292 years: never reached
        }
    }

    // ---- state ------------------------------------------------------------------------------------------------

    private record Pending(CallContext call, ClassifiedNumber callee, Decision decision, long at) { }

    /** A leg past the call's second (a transfer, a failover's next attempt): rare, so an object of its own. */
    private static final class Leg {
        final String uniqueId;
        long upAt = NO_TIME;
        boolean ended;
        int cause = Call.NO_CAUSE;

        Leg(String uniqueId) { this.uniqueId = uniqueId; }
    }

    /**
     * One call: the legs of one Linkedid, what was decided about it and what happened to it. One object per open
     * call (issue 13): its first two legs inline, times as numbers, and of the Strings only the ones the record
     * needs, the same instances the call tracker keeps where it keeps them.
     */
    private static final class Call {
        static final int NO_CAUSE = Integer.MIN_VALUE;

        final String linkedId;
        /** The forgetting order: the call first seen just before this one, just after; null at the ends. */
        Call older;
        Call newer;
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

        Call(String linkedId, long firstSeen, long startedAt) {
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
    }
}
