package io.callguard.cti.calls;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of click-to-call.
 *
 * @param outboundContext  dialplan context the destination is dialled in (the clients' outbound context, so the
 *                         FastAGI outbound decision applies)
 * @param channelPrefix    technology of the client's line: {@code PJSIP/}
 * @param ringTimeout      how long the client's line rings before the Originate fails (Originate Timeout)
 * @param emergencyNumbers destinations allowed even when the account is suspended (R6)
 */
public record ClickToCallSettings(String outboundContext, String channelPrefix, Duration ringTimeout,
                                  Set<String> emergencyNumbers) {
    public static final String DEFAULT_CONTEXT = "callguard-outbound";

    public ClickToCallSettings {
        Objects.requireNonNull(outboundContext, "outboundContext");
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        if (ringTimeout.toMillis() < 1000) throw new IllegalArgumentException("ringTimeout must be at least 1 s");
        emergencyNumbers = Set.copyOf(emergencyNumbers);
    }

    /** These settings with {@code numbers} as the emergency destinations (the numbering plan's, R6). */
    public ClickToCallSettings withEmergencyNumbers(Set<String> numbers) {
        return new ClickToCallSettings(outboundContext, channelPrefix, ringTimeout, numbers);
    }

    public static ClickToCallSettings defaults(Set<String> emergencyNumbers) {
        return new ClickToCallSettings(DEFAULT_CONTEXT, "PJSIP/", Duration.ofSeconds(30), emergencyNumbers);
    }
}
