package io.callguard.siprates;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One address on the block list.
 *
 * @param address the IP address, as {@code InetAddress.getHostAddress} writes it
 * @param reason  why (the rule and the rate seen)
 * @param since   when it was blocked
 * @param until   when the block expires
 * @param count   SIP messages seen from it since it was blocked, the one over the limit included
 */
public record BlockedAddress(String address, String reason, Instant since, Instant until, long count) {
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        m.put("reason", reason);
        m.put("since", since.toString());
        m.put("until", until.toString());
        m.put("count", count);
        return m;
    }
}
