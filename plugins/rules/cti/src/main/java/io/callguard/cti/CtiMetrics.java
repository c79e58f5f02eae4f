package io.callguard.cti;

import io.callguard.core.metrics.Meters;
import io.callguard.cti.callback.StatusCallbacks;
import io.callguard.cti.sms.SmsAcceptance;
import io.callguard.cti.sms.SmsDispatcher;
import io.callguard.cti.sms.SmsMessage;
import io.callguard.cti.sms.SmsStatus;
import io.callguard.cti.sms.SmsStatusChange;
import io.callguard.cti.sms.SmsStatusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CTI module's meters (docs/metrics.md): SMS requests by outcome, refused by R8 window, sent and failed, the
 * dispatcher's queue (SMS being sent or waiting for a retry), and the status callbacks (delivered, retried, given up,
 * pending).
 */
final class CtiMetrics {
    private final MeterRegistry registry;
    private final Counter sent;
    private final Counter failed;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> windows = new ConcurrentHashMap<>();

    /** @param windows the R8 windows' names (cti.sms.perSecond, cti.sms.perMinute), their series there from the start */
    CtiMetrics(MeterRegistry registry, java.util.List<String> windows) {
        this.registry = registry;
        this.sent = Counter.builder(Meters.PREFIX + "sms.sent").description("SMS the gateway accepted (SIP 2xx)")
                .register(registry);
        this.failed = Counter.builder(Meters.PREFIX + "sms.failed")
                .description("SMS that failed for good (a 3xx-6xx answer, or every attempt timed out)").register(registry);
        for (String o : new String[]{"accepted", "replayed", "rate_limited", "suspended", "invalid", "not_your_number",
                "idempotency_mismatch", "state_unavailable"}) outcome(o);
        windows.forEach(this::window);
    }

    private Counter window(String name) {
        return this.windows.computeIfAbsent(name, w -> Counter.builder(Meters.PREFIX + "sms.refused.window")
                .description("SMS refused by an R8 window (cti.sms.perSecond, cti.sms.perMinute)")
                .tag("window", w).register(registry));
    }

    /** The dispatcher's queue and the callbacks' counters, read at each scrape. */
    void bind(SmsDispatcher dispatcher, StatusCallbacks callbacks) {
        Gauge.builder(Meters.PREFIX + "sms.queue", dispatcher, SmsDispatcher::active)
                .description("accepted SMS being sent, waiting for a sending slot or for a retry").register(registry);
        FunctionCounter.builder(Meters.PREFIX + "callbacks.delivered", callbacks, StatusCallbacks::delivered)
                .description("status callbacks answered 2xx").register(registry);
        FunctionCounter.builder(Meters.PREFIX + "callbacks.retries", callbacks, StatusCallbacks::retries)
                .description("status callback attempts scheduled again after a failure").register(registry);
        FunctionCounter.builder(Meters.PREFIX + "callbacks.given.up", callbacks, StatusCallbacks::givenUp)
                .description("status callbacks given up (attempts exhausted, or URL refused)").register(registry);
        Gauge.builder(Meters.PREFIX + "callbacks.pending", callbacks, StatusCallbacks::pending)
                .description("status callbacks not yet delivered nor given up").register(registry);
    }

    private Counter outcome(String name) {
        return outcomes.computeIfAbsent(name, o -> Counter.builder(Meters.PREFIX + "sms.requests")
                .description("SMS requests of the CTI API, by outcome (R8)").tag("outcome", o).register(registry));
    }

    /** One SMS request's outcome. */
    void outcome(SmsAcceptance a) {
        String name;
        if (a instanceof SmsAcceptance.Accepted acc) {
            name = acc.replay() ? "replayed" : "accepted";
        } else if (a instanceof SmsAcceptance.RateLimited r) {
            name = "rate_limited";
            window(r.window()).increment();
        } else if (a instanceof SmsAcceptance.Suspended) {
            name = "suspended";
        } else if (a instanceof SmsAcceptance.Invalid) {
            name = "invalid";
        } else if (a instanceof SmsAcceptance.NotYourNumber) {
            name = "not_your_number";
        } else if (a instanceof SmsAcceptance.IdempotencyMismatch) {
            name = "idempotency_mismatch";
        } else {
            name = "state_unavailable";
        }
        outcome(name).increment();
    }

    /** Counts the SENT and FAILED changes, then tells {@code next}. */
    SmsStatusListener counting(SmsStatusListener next) {
        return (SmsMessage sms, SmsStatusChange change) -> {
            if (change.status() == SmsStatus.SENT) sent.increment();
            else if (change.status() == SmsStatus.FAILED) failed.increment();
            next.onStatus(sms, change);
        };
    }

}
