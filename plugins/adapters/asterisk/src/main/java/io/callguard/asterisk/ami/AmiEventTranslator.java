package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallKeys;
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
 * one for one; no business rule. With several Asterisk servers every Uniqueid and Linkedid of this one is qualified
 * with its name ({@link CallKeys}), so two servers' equal Uniqueids never meet in the tracker, and a
 * resynchronisation only replaces this server's channels. Runs on the AMI client's Vert.x context only (not thread-safe by design: one
 * event at a time, in stream order).
 */
final class AmiEventTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(AmiEventTranslator.class);

    private final CallTracker tracker;
    /** The server name the ids are qualified with; null with one server (Asterisk's ids as they are). */
    private final String server;
    private final AmiFirstSyncs firstSyncs;
    /** The tracker's mark when each sync was requested. */
    private final Map<String, Long> requestedAt = new java.util.HashMap<>();

    AmiEventTranslator(CallTracker tracker) { this(tracker, null); }

    /** @param server the name to qualify this server's ids with, null to keep them plain (one server) */
    AmiEventTranslator(CallTracker tracker, String server) { this(tracker, server, null); }

    /** @param firstSyncs the node's servers, whose first resynchronisations hold back the first onResync */
    AmiEventTranslator(CallTracker tracker, String server, AmiFirstSyncs firstSyncs) {
        this.tracker = tracker;
        this.server = server;
        this.firstSyncs = firstSyncs;
    }

    /** The call event {@code e} stands for, null for the events that are not published (plain ids). */
    static CallEvent toCallEvent(AmiEvent e, String originateCorrelationId) {
        return new AmiEventTranslator(null, null).callEvent(e, originateCorrelationId);
    }

    /** The call event {@code e} stands for, its ids qualified with this server; null when not published. */
    CallEvent callEvent(AmiEvent e, String originateCorrelationId) {
        if (e instanceof AmiEvent.Newchannel n) {
            return new CallEvent.ChannelCreated(key(n.uniqueId()), key(n.linkedId()), nz(n.channel()),
                    nz(n.accountCode()), nz(n.callerIdNum()), nz(n.exten()), nz(n.channelStateDesc()));
        } else if (e instanceof AmiEvent.Newstate s) {
            return new CallEvent.StateChanged(key(s.uniqueId()), nz(s.channelStateDesc()));
        } else if (e instanceof AmiEvent.DialEnd d) {
            return new CallEvent.DialEnded(key(d.uniqueId()), key(channelId(d.destUniqueId())), d.dialStatus());
        } else if (e instanceof AmiEvent.Hangup h) {
            return new CallEvent.HungUp(key(h.uniqueId()), h.channel(), h.cause(), h.causeText(), h.techCause());
        } else if (e instanceof AmiEvent.OriginateResponse o) {
            return new CallEvent.OriginateResult(originateCorrelationId, "Success".equalsIgnoreCase(o.response()),
                    key(channelId(o.uniqueId())), o.reason());
        }
        return null;
    }

    /** This server's key for Asterisk's id {@code id} (as is with one server). */
    String key(String id) { return CallKeys.qualify(server, id); }

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
            tracker.channelCreated(key(n.uniqueId()), key(n.linkedId()), n.channel(), n.accountCode(), n.callerIdNum(),
                    n.exten(), n.channelStateDesc());
        } else if (e instanceof AmiEvent.Newstate s) {
            tracker.stateChanged(key(s.uniqueId()), s.channelStateDesc());
        } else if (e instanceof AmiEvent.Hangup h) {
            tracker.hungUp(key(h.uniqueId()), h.cause());
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
        long requested = mark == null ? Long.MAX_VALUE : mark;
        if (server == null) {
            tracker.replaceAll(calls, requested);
            LOG.info("AMI live channels resynchronised: {} channel(s)", calls.size());
        } else {
            // only this server's channels may vanish: the other servers' calls are not in its list
            boolean announce = firstSyncs == null || firstSyncs.synced(server);
            tracker.replaceAll(calls, requested, id -> CallKeys.ofServer(id, server), announce);
            LOG.info("AMI live channels of {} resynchronised: {} channel(s)", server, calls.size());
        }
    }

    /** Forgets the marks of syncs whose lists will not come (the link they were asked on is gone). */
    void reset() { requestedAt.clear(); }

    LiveCall toLiveCall(AmiEvent.CoreShowChannel c) {
        Instant now = tracker.clock().instant();
        Instant started = now.minus(parseDuration(c.duration()));
        String channel = c.channel();
        return new LiveCall(key(c.uniqueId()), key(c.linkedId()), channel, ChannelNames.endpointOf(channel),
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
