package io.callguard.cti.sip;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the SIP MESSAGE sender.
 *
 * @param localHost      address the stack listens and sends from (default 127.0.0.1)
 * @param localPort      its port; 0 picks a free one at start
 * @param transport      {@code udp} or {@code tcp}
 * @param gatewayUri     Request-URI of every MESSAGE, e.g. {@code sip:sms@127.0.0.1:5090}; its host also goes into To
 * @param localDomain    host part of From ({@code sip:<from>@<localDomain>}); null means localHost
 * @param stackName      jain-sip stack name (a unique suffix is added per instance)
 * @param threadPoolSize jain-sip message-processing threads
 * @param timerT1        RFC 3261 T1: first retransmission over UDP; no final answer within 64×T1 is a timeout
 *                       (default 500 ms → 32 s)
 */
public record SipSenderOptions(String localHost, int localPort, String transport, String gatewayUri,
                               String localDomain, String stackName, int threadPoolSize, Duration timerT1) {
    public SipSenderOptions {
        Objects.requireNonNull(localHost, "localHost");
        Objects.requireNonNull(gatewayUri, "gatewayUri");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(timerT1, "timerT1");
        transport = Objects.requireNonNull(transport, "transport").toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new IllegalArgumentException("transport must be udp or tcp: " + transport);
        }
        if (localPort < 0 || localPort > 65535) throw new IllegalArgumentException("bad localPort " + localPort);
        if (!gatewayUri.startsWith("sip:")) throw new IllegalArgumentException("gatewayUri must be a sip: URI: " + gatewayUri);
        if (threadPoolSize < 1) throw new IllegalArgumentException("threadPoolSize must be at least 1");
        if (timerT1.toMillis() < 1) throw new IllegalArgumentException("timerT1 must be at least 1 ms");
        if (localDomain == null || localDomain.isBlank()) localDomain = localHost;
    }

    public static SipSenderOptions defaults(String gatewayUri) {
        return new SipSenderOptions("127.0.0.1", 0, "udp", gatewayUri, null, "callguard-cti-sms", 4,
                Duration.ofMillis(500));
    }

    public SipSenderOptions withTimerT1(Duration t1) {
        return new SipSenderOptions(localHost, localPort, transport, gatewayUri, localDomain, stackName,
                threadPoolSize, t1);
    }
}
