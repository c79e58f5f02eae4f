package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns asterisk-java channel events into call tracker calls and into callguard's {@link CallEvent}s, one for one;
 * no business rule. Runs on the AMI
 * client's Vert.x context only (not thread-safe by design: one event at a time, in stream order).
 */
final class AmiEventTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(AmiEventTranslator.class);

    private final CallTracker tracker;
    private final String syncPrefix;
    /** CoreShowChannel items collected per sync ActionID until their CoreShowChannelsComplete. */
    private final Map<String, List<LiveCall>> snapshots = new HashMap<>();
    /** The tracker's mark when each sync was requested (written by the requesting thread). */
    private final Map<String, Long> requestedAt = new java.util.concurrent.ConcurrentHashMap<>();

    AmiEventTranslator(CallTracker tracker, String syncPrefix) {
        this.tracker = tracker;
        this.syncPrefix = syncPrefix;
    }

    /** Cheap test for the reader thread: the event types worth a hop to the event loop. */
    static boolean tracked(ManagerEvent e) {
        return e instanceof NewChannelEvent || e instanceof NewStateEvent || e instanceof HangupEvent
                || e instanceof CoreShowChannelEvent || e instanceof CoreShowChannelsCompleteEvent
                || e instanceof OriginateResponseEvent;
    }

    /** The event types {@link AmiClient#addEventListener} listeners hear, as {@link CallEvent}s. */
    static boolean forwarded(ManagerEvent e) {
        return e instanceof NewChannelEvent || e instanceof NewStateEvent || e instanceof OriginateResponseEvent
                || e instanceof HangupEvent || e instanceof DialEndEvent;
    }

    /** The call event {@code e} stands for, null for the events that are not published. */
    static CallEvent toCallEvent(ManagerEvent e) {
        if (e instanceof NewChannelEvent n) {
            return new CallEvent.ChannelCreated(n.getUniqueId(), n.getLinkedid(), nz(n.getChannel()),
                    nz(n.getAccountCode()), nz(n.getCallerIdNum()), nz(n.getExten()), nz(n.getChannelStateDesc()));
        } else if (e instanceof NewStateEvent s) {
            return new CallEvent.StateChanged(s.getUniqueId(), nz(s.getChannelStateDesc()));
        } else if (e instanceof DialEndEvent d) {
            return new CallEvent.DialEnded(d.getUniqueId(), channelId(d.getDestUniqueId()), d.getDialStatus());
        } else if (e instanceof HangupEvent h) {
            Integer techCause = h instanceof HangupWithTechCauseEvent t ? t.getTechCause() : null;
            return new CallEvent.HungUp(h.getUniqueId(), h.getChannel(), h.getCause(), h.getCauseTxt(), techCause);
        } else if (e instanceof OriginateResponseEvent o) {
            return new CallEvent.OriginateResult(o.getActionId(), "Success".equalsIgnoreCase(o.getResponse()),
                    channelId(o.getUniqueId()), o.getReason());
        }
        return null;
    }

    /** A real Uniqueid, or null: Asterisk says {@code <unknown>} (or {@code <null>}) when no channel exists. */
    private static String channelId(String uniqueId) {
        return uniqueId == null || uniqueId.isBlank() || uniqueId.startsWith("<") ? null : uniqueId;
    }

    /** Applies one event; returns true if it was a channel event it understood. */
    boolean apply(ManagerEvent e) {
        if (e instanceof NewChannelEvent n) {
            tracker.channelCreated(n.getUniqueId(), n.getLinkedid(), n.getChannel(), n.getAccountCode(),
                    n.getCallerIdNum(), n.getExten(), n.getChannelStateDesc());
        } else if (e instanceof NewStateEvent s) {
            tracker.stateChanged(s.getUniqueId(), s.getChannelStateDesc());
        } else if (e instanceof HangupEvent h) {
            tracker.hungUp(h.getUniqueId(), h.getCause());
        } else if (e instanceof CoreShowChannelEvent c) {
            String id = c.getActionId();
            if (id != null && id.startsWith(syncPrefix)) snapshots.computeIfAbsent(id, k -> new ArrayList<>()).add(toLiveCall(c));
        } else if (e instanceof CoreShowChannelsCompleteEvent done) {
            String id = done.getActionId();
            if (id == null || !id.startsWith(syncPrefix)) return true;
            List<LiveCall> calls = snapshots.remove(id);
            if (calls == null) calls = List.of();
            Integer announced = done.getListitems();
            if (announced != null && announced != calls.size()) {
                LOG.warn("AMI CoreShowChannels announced {} channels but sent {}", announced, calls.size());
            }
            Long mark = requestedAt.remove(id);
            tracker.replaceAll(calls, mark == null ? Long.MAX_VALUE : mark);
            LOG.info("AMI live channels resynchronised: {} channel(s)", calls.size());
        } else {
            return false;
        }
        return true;
    }

    /** Records the tracker's mark before a CoreShowChannels goes out, so that newer entries survive its list. */
    void snapshotRequested(String actionId) { requestedAt.put(actionId, tracker.mark()); }

    /** Forgets half-received snapshots (the link they came on is gone). */
    void reset() {
        snapshots.clear();
        requestedAt.clear();
    }

    LiveCall toLiveCall(CoreShowChannelEvent c) {
        Instant now = tracker.clock().instant();
        Instant started = now.minus(parseDuration(c.getDuration()));
        String channel = c.getChannel();
        return new LiveCall(c.getUniqueid(), c.getLinkedid(), channel, ChannelNames.endpointOf(channel),
                nz(c.getAccountcode()), null, nz(c.getCallerIdNum()), nz(c.getExten()), nz(c.getChannelStateDesc()),
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
