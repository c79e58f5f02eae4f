package io.callguard.cti;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;
import io.callguard.core.state.SlidingWindow;
import io.callguard.cti.callback.CallbackSettings;
import io.callguard.cti.calls.ClickToCallSettings;
import io.callguard.cti.ratelimit.RequestLimitSettings;
import io.callguard.cti.sip.SipSenderOptions;
import io.callguard.cti.sms.DispatchSettings;
import io.callguard.cti.sms.SmsSettings;
import io.callguard.cti.sms.SmsText;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.LIST;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The CTI family's configuration keys (R8: SMS limits, SIP MESSAGE delivery, status callbacks, click-to-call, the
 * per-key request limit, the API keys' refresh), declared here once with their defaults and documentation line. The
 * CTI listener's own keys ({@code cti.host}, {@code cti.port}, its body and connection limits) are the HTTP adapter's.
 */
public final class CtiOptions {
    public static final String ENABLED = "cti.enabled";
    public static final String PER_SECOND = "cti.sms.perSecond";
    public static final String PER_MINUTE = "cti.sms.perMinute";
    public static final String MAX_SEGMENTS = "cti.sms.maxSegments";
    public static final String EMERGENCY_NUMBERS = "cti.sms.emergencyNumbers";
    public static final String IDEMPOTENCY_PERIOD = "cti.sms.idempotencyPeriod";
    public static final String RING_TIMEOUT = "cti.calls.ringTimeout";
    public static final String KEYS_REFRESH_INTERVAL = "cti.keys.refreshInterval";

    /** Every key of the CTI family, in documentation order. */
    public static final List<Option> OPTIONS = List.of(
            Option.of(ENABLED, BOOLEAN, "true", "run the CTI API listener, the SMS sender and its dispatcher (R8)"),
            Option.of(PER_SECOND, INT, Integer.toString(SmsSettings.PER_SECOND.limit()), "SMS per account in any 1 s window (R8: 1)"),
            Option.of(PER_MINUTE, INT, Integer.toString(SmsSettings.PER_MINUTE.limit()), "SMS per account in any 60 s window (R8: 10)"),
            Option.of(MAX_SEGMENTS, INT, Integer.toString(SmsText.DEFAULT_MAX_SEGMENTS), "longest accepted SMS text, in segments"),
            Option.of(EMERGENCY_NUMBERS, LIST, String.join(",", SmsSettings.DEFAULT_EMERGENCY_NUMBERS),
                    "SMS recipients never limited nor refused for a suspension"),
            Option.of(IDEMPOTENCY_PERIOD, DURATION, "24h", "how long an Idempotency-Key returns its first SMS"),
            Option.of("cti.sms.gatewayUri", STRING, "sip:sms@127.0.0.1:5090", "SIP URI of the operator's SMS gateway (SIP MESSAGE)"),
            Option.of("cti.sms.sipLocalHost", STRING, "127.0.0.1", "address the SIP MESSAGE sender listens and sends from"),
            Option.of("cti.sms.sipLocalPort", INT, "0", "port of the SIP MESSAGE sender (0 = any free port)"),
            Option.of("cti.sms.sipTransport", STRING, "udp", "udp | tcp"),
            Option.of("cti.sms.sipTimerT1", DURATION, "500ms", "SIP timer T1; an attempt without a final answer in 64 x T1 times out"),
            Option.of("cti.sms.maxAttempts", INT, "5", "attempts of an SMS that times out before it is failed"),
            Option.of("cti.sms.firstRetryDelay", DURATION, "2s", "delay before the second attempt, doubled after each"),
            Option.of("cti.sms.maxRetryDelay", DURATION, "60s", "longest delay between two attempts"),
            Option.of("cti.callbacks.maxAttempts", INT, "5", "attempts of a status callback before it is given up"),
            Option.of("cti.callbacks.firstDelay", DURATION, "2s", "delay before the second attempt, doubled after each"),
            Option.of("cti.callbacks.maxDelay", DURATION, "60s", "longest delay between two attempts"),
            Option.of("cti.callbacks.timeout", DURATION, "10s", "whole time of one callback attempt, however slowly the server answers"),
            Option.of("cti.callbacks.allowPrivateAddresses", BOOLEAN, "false", "let callbacks reach loopback and private networks (SSRF guard off)"),
            Option.of("cti.calls.outboundContext", STRING, "callguard-outbound", "dialplan context click-to-call dials the destination in"),
            Option.of("cti.calls.channelPrefix", STRING, "PJSIP/", "technology prefix of the client's line rung first"),
            Option.of(RING_TIMEOUT, DURATION, "30s", "how long the client's line rings before click-to-call fails"),
            Option.of("cti.requests.perSecond", INT, "20", "CTI requests per second per API key, on average"),
            Option.of("cti.requests.burst", INT, "30", "CTI requests per API key at once after a quiet period"),
            Option.of(KEYS_REFRESH_INTERVAL, DURATION, "60s", "API keys reloaded from the store this often (revocations made on other nodes)"));

    private CtiOptions() { }

    /**
     * Reads and checks every CTI key; each problem is recorded in {@code view} (its key named), none thrown.
     * Click-to-call's emergency numbers are the numbering plan's, added at the module's start
     * ({@link ClickToCallSettings#withEmergencyNumbers}).
     */
    public static CtiSettings from(ConfigView view) {
        boolean enabled = view.bool(ENABLED);
        SmsSettings sms = sms(view);

        String gatewayUri = view.text("cti.sms.gatewayUri").trim();
        if (!gatewayUri.matches("sips?:[^\\s@]+@[^\\s@]+") && !gatewayUri.matches("sips?:[^\\s@]+")) {
            view.problem("cti.sms.gatewayUri", "must be a SIP URI such as sip:sms@gateway.example:5060, got '" + gatewayUri + "'");
            gatewayUri = "sip:invalid";
        } else if (gatewayUri.startsWith("sips:")) {
            view.problem("cti.sms.gatewayUri", "sips: is not supported (udp or tcp only), got '" + gatewayUri + "'");
            gatewayUri = "sip:invalid";
        }
        String transport = view.text("cti.sms.sipTransport").trim().toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            view.problem("cti.sms.sipTransport", "must be udp or tcp, got '" + transport + "'");
            transport = "udp";
        }
        SipSenderOptions sip = new SipSenderOptions(view.host("cti.sms.sipLocalHost"),
                view.integer("cti.sms.sipLocalPort", 0, 65535, "1..65535 (or 0 for any)"), transport, gatewayUri, null,
                "callguard-cti-sms", 4, view.duration("cti.sms.sipTimerT1", Duration.ofMillis(1), Duration.ofSeconds(10)));

        DispatchSettings dispatch = new DispatchSettings(backoff(view, "cti.sms.maxAttempts", "cti.sms.firstRetryDelay",
                "cti.sms.maxRetryDelay"), DispatchSettings.DEFAULT_MAX_IN_FLIGHT);
        CallbackSettings callbacks = new CallbackSettings(backoff(view, "cti.callbacks.maxAttempts",
                "cti.callbacks.firstDelay", "cti.callbacks.maxDelay"),
                view.duration("cti.callbacks.timeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
                view.bool("cti.callbacks.allowPrivateAddresses"));

        String context = view.text("cti.calls.outboundContext").trim();
        if (context.isEmpty() || context.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            view.problem("cti.calls.outboundContext", "must be a dialplan context name, got '" + context + "'");
        }
        String prefix = view.text("cti.calls.channelPrefix").trim();
        if (!prefix.matches("[A-Za-z0-9_]+/")) {
            view.problem("cti.calls.channelPrefix", "must be a channel technology followed by / (e.g. PJSIP/), got '" + prefix + "'");
        }
        ClickToCallSettings calls = new ClickToCallSettings(context, prefix, ringTimeout(view), Set.of());

        int requestsPerSecond = view.integer("cti.requests.perSecond", 1, 100_000, "1..100000");
        int burst = view.integer("cti.requests.burst", 1, 1_000_000, "1..1000000");
        if (burst < requestsPerSecond) {
            view.problem("cti.requests.burst", "must be at least cti.requests.perSecond (" + requestsPerSecond + "), got " + burst);
            burst = requestsPerSecond;
        }
        Duration keysRefresh = view.duration(KEYS_REFRESH_INTERVAL, Duration.ofSeconds(1), Duration.ofHours(1));
        return new CtiSettings(enabled, sms, sip, dispatch, callbacks, calls,
                new RequestLimitSettings(requestsPerSecond, burst), keysRefresh);
    }

    /** How long the client's line rings ({@value #RING_TIMEOUT}): the app tells the call caps before the module starts. */
    public static Duration ringTimeout(ConfigView view) {
        return view.duration(RING_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    /** The SMS limits (R8: how many SMS per account, how long, to whom never limited). */
    public static SmsSettings sms(ConfigView view) {
        int perSecond = view.integer(PER_SECOND, 1, 1000, "1..1000");
        int perMinute = view.integer(PER_MINUTE, 1, 60_000, "1..60000");
        int maxSegments = view.integer(MAX_SEGMENTS, 1, 255, "1..255");
        List<String> emergency = view.list(EMERGENCY_NUMBERS);
        for (String n : emergency) {
            if (n.length() > 15 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                view.problem(EMERGENCY_NUMBERS, "'" + n + "' is not a short number (digits only)");
            }
        }
        Duration idempotency = view.duration(IDEMPOTENCY_PERIOD, Duration.ofMinutes(1), Duration.ofDays(30));
        return new SmsSettings(List.of(new SlidingWindow(perSecond + "/s", perSecond, Duration.ofSeconds(1)),
                new SlidingWindow(perMinute + "/min", perMinute, Duration.ofMinutes(1))), maxSegments,
                new LinkedHashSet<>(emergency), idempotency, SmsSettings.R8_ARTICLE);
    }

    /** A retry backoff from its three keys; a maximum delay below the first is reported against the maximum's key. */
    private static RetryBackoff backoff(ConfigView view, String attemptsKey, String firstKey, String maxKey) {
        int attempts = view.integer(attemptsKey, 1, 100, "1..100");
        Duration first = view.duration(firstKey, Duration.ZERO, Duration.ofHours(1));
        Duration max = view.duration(maxKey, Duration.ZERO, Duration.ofHours(24));
        if (max.compareTo(first) < 0) {
            view.problem(maxKey, "must be at least " + firstKey + " (" + Durations.format(first) + "), got "
                    + Durations.format(max));
            max = first;
        }
        return new RetryBackoff(attempts, first, max);
    }
}
