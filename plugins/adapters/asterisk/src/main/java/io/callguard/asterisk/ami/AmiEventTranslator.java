package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns the decoded AMI events ({@link AmiEvent}) into call tracker calls and into callguard's {@link CallEvent}s,
 * one for one; no business rule. Runs on the AMI client's Vert.x context only (not thread-safe by design: one
 * event at a time, in stream order).
 */
final class AmiEventTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(AmiEventTranslator.class);

    private final CallTracker tracker;
    /** The tracker's mark when each sync was requested. */
    private final Map<String, Long> requestedAt = new java.util.HashMap<>();

    AmiEventTranslator(CallTracker tracker) {
        this.tracker = tracker;
    }

    /** The call event {@code e} stands for, null for the events that are not published. */
    static CallEvent toCallEvent(AmiEvent e, String originateCorrelationId) {
        if (e instanceof AmiEvent.Newchannel n) {
            return new CallEvent.ChannelCreated(n.uniqueId(), n.linkedId(), nz(n.channel()), nz(n.accountCode()),
                    nz(n.callerIdNum()), nz(n.exten()), nz(n.channelStateDesc()));
        } else if (e instanceof AmiEvent.Newstate s) {
            return new CallEvent.StateChanged(s.uniqueId(), nz(s.channelStateDesc()));
        } else if (e instanceof AmiEvent.DialEnd d) {
            return new CallEvent.DialEnded(d.uniqueId(), channelId(d.destUniqueId()), d.dialStatus());
        } else if (e instanceof AmiEvent.Hangup h) {
            return new CallEvent.HungUp(h.uniqueId(), h.channel(), h.cause(), h.causeText(), h.techCause());
        } else if (e instanceof AmiEvent.OriginateResponse o) {
            return new CallEvent.OriginateResult(originateCorrelationId, "Success".equalsIgnoreCase(o.response()),
                    channelId(o.uniqueId()), o.reason());
        }
        return null;
    }

    /** The uniqueid of the channel {@code e} is about, null for an event of no call (FullyBooted, Shutdown). */
    static String uniqueIdOf(AmiEvent e) {
        if (e instanceof AmiEvent.Newchannel n) return n.uniqueId();
        if (e instanceof AmiEvent.Newstate s) return s.uniqueId();
        if (e instanceof AmiEvent.Hangup h) return h.uniqueId();
        if (e instanceof AmiEvent.DialBegin d) return d.uniqueId();
        if (e instanceof AmiEvent.DialEnd d) return d.uniqueId();
        if (e instanceof AmiEvent.OriginateResponse o) return channelId(o.uniqueId());
        return null;
    }

    /** The account of the call {@code e} is about: the event's account code, else the tracked call's (null if none). */
    String accountOf(AmiEvent e, String uniqueId) {
        String code = e instanceof AmiEvent.Newchannel n ? n.accountCode() : e instanceof AmiEvent.Hangup h ? h.accountCode() : null;
        if (code != null && !code.isEmpty()) return code;
        return tracker.get(uniqueId).map(LiveCall::accountId).orElse(null);
    }

    /** A real Uniqueid, or null: Asterisk says {@code <unknown>} (or {@code <null>}) when no channel exists. */
    private static String channelId(String uniqueId) {
        return uniqueId == null || uniqueId.isBlank() || uniqueId.startsWith("<") ? null : uniqueId;
    }

    /** Applies one channel event to the tracker; returns true if it was one (Newchannel, Newstate, Hangup). */
    boolean apply(AmiEvent e) {
        if (e instanceof AmiEvent.Newchannel n) {
            tracker.channelCreated(n.uniqueId(), n.linkedId(), n.channel(), n.accountCode(), n.callerIdNum(),
                    n.exten(), n.channelStateDesc());
        } else if (e instanceof AmiEvent.Newstate s) {
            tracker.stateChanged(s.uniqueId(), s.channelStateDesc());
        } else if (e instanceof AmiEvent.Hangup h) {
            tracker.hungUp(h.uniqueId(), h.cause());
        } else {
            return false;
        }
        return true;
    }

    /** Records the tracker's mark before a CoreShowChannels goes out, so that newer entries survive its list. */
    void snapshotRequested(String syncId) { requestedAt.put(syncId, tracker.mark()); }

    /** Rebuilds the tracker from the complete list of sync {@code syncId}. */
    void applySnapshot(String syncId, List<LiveCall> calls, Integer announced) {
        if (announced != null && announced != calls.size()) {
            LOG.warn("AMI CoreShowChannels announced {} channels but sent {}", announced, calls.size());
        }
        Long mark = requestedAt.remove(syncId);
        tracker.replaceAll(calls, mark == null ? Long.MAX_VALUE : mark);
        LOG.info("AMI live channels resynchronised: {} channel(s)", calls.size());
    }

    /** Forgets the marks of syncs whose lists will not come (the link they were asked on is gone). */
    void reset() { requestedAt.clear(); }

    LiveCall toLiveCall(AmiEvent.CoreShowChannel c) {
        Instant now = tracker.clock().instant();
        Instant started = now.minus(parseDuration(c.duration()));
        String channel = c.channel();
        return new LiveCall(c.uniqueId(), c.linkedId(), channel, ChannelNames.endpointOf(channel),
                nz(c.accountCode()), null, nz(c.callerIdNum()), nz(c.exten()), nz(c.channelStateDesc()),
                started, null, null);
    }

    /** CoreShowChannel's {@code Duration: HH:MM:SS}; zero when absent or unreadable. */
    static Duration parseDuration(String hms) {
        if (hms == null) return Duration.ZERO;
        String[] parts = hms.trim().split(":");
        if (parts.length != 3) return Duration.ZERO;
        try {
            return Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                    .plusSeconds(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
