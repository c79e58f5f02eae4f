package io.callguard.records.build;

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

    private final Clock clock;
    private final FrenchNumberingPlan plan;
    private final String asteriskNode;
    private final Duration forgetAfter;
    private final boolean congestionDisposition;
    private final Consumer<CallRecord> sink;
    private final Consumer<Gap> gapSink;
    /** The stream loss not yet followed by a resynchronisation (its first {@code StreamLost}), else null. */
    private CallEvent.StreamLost lostSince;

    /** Open calls by Linkedid, in the order they were first seen (the forgetting order). */
    private final LinkedHashMap<String, Call> calls = new LinkedHashMap<>();
    /** Open calls by the Uniqueid of each of their legs. */
    private final Map<String, Call> byLeg = new HashMap<>();
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
            Instant now = clock.instant();
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
        synchronized (this) {
            Instant now = clock.instant();
            Call c = byLeg.get(call.uniqueId());
            if (c != null) {
                c.decide(call.uniqueId(), call, decision);
            } else {
                // the decision raced ahead of its Newchannel: it waits for it
                pending.put(call.uniqueId(), new Pending(call, decision, now));
            }
            forgetOld(now);
        }
    }

    @Override
    public synchronized void onResync(List<LiveCall> live) {
        Instant now = clock.instant();
        Set<String> liveIds = new HashSet<>();
        for (LiveCall l : live) liveIds.add(l.uniqueId());
        // legs that vanished while AMI was away: their end is unknown, so a call left with no live leg is not
        // recorded (the chain's gap entry covers that window) but counted
        for (Iterator<Call> it = calls.values().iterator(); it.hasNext(); ) {
            Call c = it.next();
            for (Leg leg : c.legs) {
                if (!leg.ended && !liveIds.contains(leg.uniqueId)) {
                    leg.ended = true;
                    c.open--;
                }
            }
            if (c.open <= 0) {
                for (Leg leg : c.legs) byLeg.remove(leg.uniqueId);
                it.remove();
                lostAtResync.incrementAndGet();
                LOG.info("call {} ended while AMI was away: no record (the gap covers it)", c.linkedId);
            }
        }
        // Asterisk confirmed the others alive: their forgetting bound starts again from now (to the end of the order)
        List<Call> confirmed = new ArrayList<>(calls.values());
        for (Call c : confirmed) {
            calls.remove(c.linkedId);
            c.firstSeen = now;
            calls.put(c.linkedId, c);
        }
        // calls already up that this builder never saw: adopted
        for (LiveCall l : live) {
            if (byLeg.containsKey(l.uniqueId())) continue;
            String linkedId = nz(l.linkedId()).isEmpty() ? l.uniqueId() : l.linkedId();
            Call c = calls.get(linkedId);
            Instant start = l.startedAt() == null ? now : l.startedAt();
            if (c == null) {
                c = new Call(linkedId, now, start);
                c.adopted = true;
                calls.put(linkedId, c);
            } else if (start.isBefore(c.startedAt)) {
                c.startedAt = start;
            }
            Leg leg = c.add(l.uniqueId(), nz(l.channel()), nz(l.accountId()), nz(l.caller()), nz(l.callee()));
            byLeg.put(l.uniqueId(), c);
            if (l.direction() != null && c.adoptedDirection == null) c.adoptedDirection = l.direction();
            // Up when listed, answered unseen: the real answer is unknown (the tracker errs early, at the start, so as
            // never to under-count a duration); a bill counts only what is proven, from now
            if ("Up".equalsIgnoreCase(l.state())) c.up(leg, now);
            Pending p = pending.remove(l.uniqueId());
            if (p != null) c.decide(l.uniqueId(), p.call, p.decision);
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
    public synchronized int openCalls() { return calls.size(); }

    /** Decisions waiting for their channel now. */
    public synchronized int pendingDecisions() { return pending.size(); }

    // ---- the events -------------------------------------------------------------------------------------------

    private void created(CallEvent.ChannelCreated e, Instant now) {
        if (e.uniqueId() == null || byLeg.containsKey(e.uniqueId())) return;
        String linkedId = nz(e.linkedId()).isEmpty() ? e.uniqueId() : e.linkedId();
        Call c = calls.get(linkedId);
        if (c == null) {
            c = new Call(linkedId, now, now);
            calls.put(linkedId, c);
        }
        Leg leg = c.add(e.uniqueId(), nz(e.channel()), nz(e.accountCode()), nz(e.callerIdNum()), nz(e.exten()));
        byLeg.put(e.uniqueId(), c);
        if ("Up".equalsIgnoreCase(e.state())) c.up(leg, now);
        Pending p = pending.remove(e.uniqueId());
        if (p != null) c.decide(e.uniqueId(), p.call, p.decision);
    }

    private void stateChanged(CallEvent.StateChanged e, Instant now) {
        Call c = byLeg.get(e.uniqueId());
        if (c == null || !"Up".equalsIgnoreCase(e.state())) return;
        c.up(c.leg(e.uniqueId()), now);
    }

    private void dialEnded(CallEvent.DialEnded e, Instant now) {
        Call c = byLeg.get(e.uniqueId());
        if (c == null) c = e.destUniqueId() == null ? null : byLeg.get(e.destUniqueId());
        if (c == null || e.dialStatus() == null) return;
        c.dialled = true;
        // a later attempt (failover) replaces an earlier one's status, but an answer stays an answer
        if (!"ANSWER".equals(c.dialStatus)) c.dialStatus = e.dialStatus().trim().toUpperCase(java.util.Locale.ROOT);
        if ("ANSWER".equals(c.dialStatus) && c.dialAnsweredAt == null) c.dialAnsweredAt = now;
    }

    private CallRecord hungUp(CallEvent.HungUp e, Instant now) {
        Call c = byLeg.get(e.uniqueId());
        if (c == null) return null;
        Leg leg = c.leg(e.uniqueId());
        if (leg == null || leg.ended) return null;
        leg.ended = true;
        leg.cause = e.cause();
        c.open--;
        if (c.open > 0) return null;
        calls.remove(c.linkedId);
        for (Leg l : c.legs) byLeg.remove(l.uniqueId);
        return record(c, now);
    }

    /** Forgets at most a few of the oldest open calls and pending decisions that are past their bound. */
    private void forgetOld(Instant now) {
        Iterator<Call> it = calls.values().iterator();
        for (int i = 0; i < EVICTIONS_PER_EVENT && it.hasNext(); i++) {
            Call c = it.next();
            if (!c.firstSeen.plus(forgetAfter).isBefore(now)) break;
            it.remove();
            for (Leg l : c.legs) byLeg.remove(l.uniqueId);
            forgotten.incrementAndGet();
            LOG.warn("call {} still open {} after it was first seen (a Hangup was lost?): forgotten without a record",
                    c.linkedId, forgetAfter);
        }
        Iterator<Pending> p = pending.values().iterator();
        for (int i = 0; i < EVICTIONS_PER_EVENT && p.hasNext(); i++) {
            if (!p.next().at.plus(PENDING_DECISION_TTL).isBefore(now)) break;
            p.remove();
        }
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

    private CallRecord record(Call c, Instant end) {
        Leg client = c.clientLeg();
        CallContext ctx = c.context;
        Decision decision = c.decision;
        boolean denied = decision != null && decision.verdict() == Verdict.DENY;

        Instant start = c.startedAt.isAfter(end) ? end : c.startedAt;
        Instant answer = null;
        Disposition disposition;
        Integer cause = client.cause;
        if (denied) {
            disposition = Disposition.DENIED;
            cause = decision.cause();
        } else {
            answer = c.answer();
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

        String accountId;
        String trunkId;
        Direction direction;
        String caller;
        ClassifiedNumber callee;
        if (ctx != null) {
            accountId = ctx.accountId();
            trunkId = ctx.trunkId();
            direction = ctx.direction();
            caller = ctx.caller();
            callee = ctx.callee();
        } else {
            accountId = client.accountCode;
            trunkId = nz(ChannelNames.endpointOf(client.channel));
            direction = c.adoptedDirection == null ? Direction.OUTBOUND : c.adoptedDirection;
            caller = client.callerIdNum;
            callee = plan.classify(client.exten);
        }
        String detail = callee.tier() != null ? callee.tier().prefix()
                : callee.category() == NumberCategory.INTERNATIONAL ? CountryPrefixes.of(callee.normalized()) : "";
        return new CallRecord(client.uniqueId, c.linkedId, accountId, trunkId, direction, caller, callee.dialled(),
                callee.normalized(), callee.category(), detail, decision == null ? "" : decision.verdict().name(),
                decision == null || decision.reason() == null ? "" : decision.reason(), start, answer, end,
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

    // ---- state ------------------------------------------------------------------------------------------------

    private record Pending(CallContext call, Decision decision, Instant at) { }

    /** One leg: a channel of the call. */
    private static final class Leg {
        final String uniqueId;
        final String channel;
        final String accountCode;
        final String callerIdNum;
        final String exten;
        boolean ended;
        Integer cause;
        /** When it went Up, null before. */
        Instant upAt;

        Leg(String uniqueId, String channel, String accountCode, String callerIdNum, String exten) {
            this.uniqueId = uniqueId;
            this.channel = channel;
            this.accountCode = accountCode;
            this.callerIdNum = callerIdNum;
            this.exten = exten;
        }
    }

    /** One call: the legs of one Linkedid, what was decided about it and what happened to it. */
    private static final class Call {
        final String linkedId;
        /** When it was first seen, or last confirmed alive by a resynchronisation: where its forgetting bound starts. */
        Instant firstSeen;
        Instant startedAt;
        final List<Leg> legs = new ArrayList<>(2);
        int open;
        boolean adopted;
        Direction adoptedDirection;
        /** The leg the decision was about: the client's leg. */
        String decidedLeg;
        CallContext context;
        Decision decision;
        boolean dialled;
        String dialStatus;
        /** A dial's ANSWER. */
        Instant dialAnsweredAt;

        Call(String linkedId, Instant firstSeen, Instant startedAt) {
            this.linkedId = linkedId;
            this.firstSeen = firstSeen;
            this.startedAt = startedAt;
        }

        Leg add(String uniqueId, String channel, String accountCode, String callerIdNum, String exten) {
            Leg leg = new Leg(uniqueId, channel, accountCode, callerIdNum, exten);
            legs.add(leg);
            open++;
            return leg;
        }

        Leg leg(String uniqueId) {
            for (Leg l : legs) if (l.uniqueId.equals(uniqueId)) return l;
            return null;
        }

        /** The decided leg, else the call's first leg (its Uniqueid is the Linkedid), else the first one seen. */
        Leg clientLeg() {
            Leg l = decidedLeg == null ? null : leg(decidedLeg);
            if (l == null) l = leg(linkedId);
            return l != null ? l : legs.get(0);
        }

        void decide(String uniqueId, CallContext call, Decision d) {
            decidedLeg = uniqueId;
            context = call;
            decision = d;
        }

        /** Which leg is the client's is told at the end (a decision, a leg may come later): each leg keeps its own. */
        void up(Leg leg, Instant at) {
            if (leg != null && leg.upAt == null) leg.upAt = at;
        }

        /**
         * The answer that starts the billing: the callee's. A call that had no callee (answered by the dialplan
         * itself, an IVR, voicemail) is answered when the client leg went Up, as Asterisk's CDR has it; a call that
         * dialled and whose callee never answered is not answered, even if the client leg was (an announcement
         * played before the dial is not billed).
         */
        Instant answer() {
            Leg client = clientLeg();
            Instant callee = dialAnsweredAt;
            for (Leg l : legs) {
                if (l != client && l.upAt != null && (callee == null || l.upAt.isBefore(callee))) callee = l.upAt;
            }
            if (callee != null) return callee;
            return dialled || legs.size() > 1 ? null : client.upAt;
        }
    }
}
