package io.callguard.siprates;

import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.sip.SipMessageSeen;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the SIP messages tell of emergency calls in progress, per source address: an INVITE whose Request-URI user is
 * an emergency number (core's numbering plan: 15, 17, 18, 112, 114, 115, 116000, 119, 191, 196, 197) opens one, kept
 * by its Call-ID until a BYE or CANCEL of that Call-ID, a final failure response to its INVITE, or {@code maxAge}
 * (a lost BYE must not protect an address for ever). What it cannot tell: an emergency call set up before callguard
 * started, or one whose INVITE was not mirrored (res_hep down, another SIP path).
 */
final class EmergencyDialogs {
    private final FrenchNumberingPlan plan;
    private final Duration maxAge;
    private final ConcurrentHashMap<String, Dialog> byCallId = new ConcurrentHashMap<>();

    private record Dialog(String source, Instant since) { }

    EmergencyDialogs(FrenchNumberingPlan plan, Duration maxAge) {
        this.plan = plan;
        this.maxAge = maxAge;
    }

    void seen(SipMessageSeen m) {
        if (m.callId().isEmpty()) return;
        if (m.request()) {
            switch (m.method()) {
                case "INVITE" -> {
                    if (isEmergency(m.requestUri())) {
                        byCallId.putIfAbsent(m.callId(), new Dialog(m.source().getHostAddress(), m.capturedAt()));
                    }
                }
                case "BYE", "CANCEL" -> byCallId.remove(m.callId());
                default -> { }
            }
        } else if ("INVITE".equals(m.method()) && m.statusCode() >= 300) {
            byCallId.remove(m.callId());
        }
    }

    /** Whether {@code address} carries an emergency call in progress at {@code now}, as far as the SIP tells. */
    boolean inProgressFrom(String address, Instant now) {
        for (Map.Entry<String, Dialog> e : byCallId.entrySet()) {
            Dialog d = e.getValue();
            if (d.source().equals(address) && d.since().plus(maxAge).isAfter(now)) return true;
        }
        return false;
    }

    void purge(Instant now) { byCallId.values().removeIf(d -> !d.since().plus(maxAge).isAfter(now)); }

    private boolean isEmergency(String uri) {
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        if (colon < 0) return false;
        String user = at > colon ? uri.substring(colon + 1, at) : "";
        int semi = user.indexOf(';');
        if (semi >= 0) user = user.substring(0, semi);
        if (user.isEmpty()) return false;
        try {
            return plan.classify(user).isEmergency();
        } catch (RuntimeException e) {
            return false; // not a number
        }
    }
}
