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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
    private static final long PENDING_DECISION_TTL_NANOS = PENDING_DECISION_TTL.toNanos();
    /** A time not yet known (a leg not Up, no dial answered). */
    static final long NO_TIME = OpenCall.NO_TIME;
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
    /**
     * The stream losses not yet followed by a resynchronisation (each one's first {@code StreamLost}), by source (the
     * Asterisk server when the node watches several, "" for its one server): each server's gap is its own.
     */
    private final java.util.Map<String, CallEvent.StreamLost> lostSince = new java.util.LinkedHashMap<>();

    /** The open calls: by each leg's Uniqueid, by Linkedid, in the order first seen. */
    private final OpenCalls calls = new OpenCalls();
    /** Decisions that came before their channel's Newchannel, by Uniqueid, calls.oldest() first. */
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
                // the first loss until a resync: the gap starts there
                lostSince.putIfAbsent(lost.source() == null ? "" : lost.source(), lost);
            }
            return;
        }
        if (event instanceof CallEvent.StreamRestored restored) {
            Gap gap = null;
            synchronized (this) {
                CallEvent.StreamLost lost = lostSince.remove(restored.source() == null ? "" : restored.source());
                if (lost != null) {
                    Instant from = lost.at();
                    // the adapter dates both on one clock; never a gap that ends before it starts
                    gap = new Gap(from, restored.at().isBefore(from) ? from : restored.at(), lost.reason());
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
            OpenCall c = calls.find(call.uniqueId());
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
        for (OpenCall c = calls.oldest(), next; c != null; c = next) {
            next = c.newer;
            for (int i = 0; i < c.legCount; i++) {
                if (!c.ended(i) && !liveIds.contains(c.legId(i))) c.end(i, OpenCall.NO_CAUSE);
            }
            if (c.open() <= 0) {
                calls.remove(c);
                lostAtResync.incrementAndGet();
                LOG.info("call {} ended while AMI was away: no record (the gap covers it)", c.linkedId);
            }
        }
        // Asterisk confirmed the others alive: their forgetting bound starts again from now (all of them: the order
        // stays as it is)
        for (OpenCall c = calls.oldest(); c != null; c = c.newer) c.firstSeen = now;
        // calls already up that this builder never saw: adopted
        for (LiveCall l : live) {
            String uniqueId = l.uniqueId();
            if (calls.find(uniqueId) != null) continue;
            String linkedId = nz(l.linkedId()).isEmpty() || l.linkedId().equals(uniqueId) ? uniqueId : l.linkedId();
            OpenCall c = calls.findByLinkedId(linkedId);
            long start = l.startedAt() == null ? now : nanos(l.startedAt());
            if (c == null) {
                c = calls.open(linkedId, uniqueId, now, start);
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
    public synchronized Instant lostSince() {
        return lostSince.values().stream().map(CallEvent.StreamLost::at).min(Instant::compareTo).orElse(null);
    }

    /** Calls open now. */
    public synchronized int openCalls() { return calls.size(); }

    /** Decisions waiting for their channel now. */
    public synchronized int pendingDecisions() { return pending.size(); }

    // ---- the events -------------------------------------------------------------------------------------------

    private void created(CallEvent.ChannelCreated e, long now) {
        String uniqueId = e.uniqueId();
        if (uniqueId == null || calls.find(uniqueId) != null) return;
        // the first leg's Linkedid is its own Uniqueid: the one String both keep (the tracker keeps that one too)
        String linkedId = nz(e.linkedId()).isEmpty() || e.linkedId().equals(uniqueId) ? uniqueId : e.linkedId();
        OpenCall c = calls.findByLinkedId(linkedId);
        if (c == null) c = calls.open(linkedId, uniqueId, now, now);
        int leg = addLeg(c, uniqueId, nz(e.channel()), nz(e.accountCode()), nz(e.callerIdNum()), nz(e.exten()));
        if ("Up".equalsIgnoreCase(e.state())) c.up(leg, now);
        Pending p = pending.remove(uniqueId);
        if (p != null) decide(c, leg, p.call, p.callee, p.decision);
    }

    private void stateChanged(CallEvent.StateChanged e, long now) {
        OpenCall c = calls.find(e.uniqueId());
        if (c == null || !"Up".equalsIgnoreCase(e.state())) return;
        c.up(c.indexOf(e.uniqueId()), now);
    }

    private void dialEnded(CallEvent.DialEnded e, long now) {
        OpenCall c = calls.find(e.uniqueId());
        if (c == null) c = calls.find(e.destUniqueId());
        if (c == null || e.dialStatus() == null) return;
        c.dialled = true;
        // a later attempt (failover) replaces an earlier one's status, but an answer stays an answer
        if (!"ANSWER".equals(c.dialStatus)) c.dialStatus = dialStatus(e.dialStatus());
        if ("ANSWER".equals(c.dialStatus) && c.dialAnsweredAt == NO_TIME) c.dialAnsweredAt = now;
    }

    private CallRecord hungUp(CallEvent.HungUp e, long now) {
        OpenCall c = calls.find(e.uniqueId());
        if (c == null) return null;
        int leg = c.indexOf(e.uniqueId());
        if (leg < 0 || c.ended(leg)) return null;
        c.end(leg, e.cause() == null ? OpenCall.NO_CAUSE : e.cause());
        if (c.open() > 0) return null;
        calls.remove(c);
        return record(c, now);
    }

    /** Forgets at most a few of the calls.oldest() open calls and pending decisions that are past their bound. */
    private void forgetOld(long now) {
        for (int i = 0; i < EVICTIONS_PER_EVENT && calls.oldest() != null; i++) {
            OpenCall c = calls.oldest();
            if (now - c.firstSeen <= forgetAfterNanos) break;
            calls.remove(c);
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

    /**
     * A new leg of {@code c}, indexed; what its Newchannel said is kept only while it may be the record's (a call
     * without a decision is recorded from its client leg: the one whose Uniqueid is the Linkedid, else the first).
     */
    private int addLeg(OpenCall c, String uniqueId, String channel, String accountCode, String callerIdNum, String exten) {
        int leg = c.add(uniqueId);
        calls.index(uniqueId, c);
        if (c.verdict == null && (leg == 0 || uniqueId.equals(c.linkedId))) {
            c.account = few.of(accountCode);
            c.trunk = channel;
            c.caller = number(callerIdNum);
            c.calleeNumber = number(exten);
        }
        return leg;
    }

    /** The decision about leg {@code leg} of {@code c}: the record will say what the decision saw, not AMI. */
    private void decide(OpenCall c, int leg, CallContext call, ClassifiedNumber callee, Decision d) {
        c.decidedLeg = leg;
        c.verdict = d.verdict();
        c.reason = d.reason();
        c.decisionCause = d.cause() == null ? OpenCall.NO_CAUSE : d.cause();
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

    private CallRecord record(OpenCall c, long endNanos) {
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
            cause = c.decisionCause == OpenCall.NO_CAUSE ? null : c.decisionCause;
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
                CallRecord.billable(answer, end), disposition, cause, serverOf(c.legId(client)), c.adopted);
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

    /**
     * The Asterisk server a record names: the server its key is qualified with when the node watches several
     * ({@link io.callguard.core.calls.CallKeys}), else the configured {@code records.asteriskNode}.
     */
    private String serverOf(String key) {
        String server = io.callguard.core.calls.CallKeys.serverOf(key);
        return server == null ? asteriskNode : server;
    }
}
