package io.callguard.cti.callback;

import io.callguard.cti.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers status events to callback URLs: POST of {@link StatusEvent#toJson()}, 2xx is delivered, anything else
 * (status or error) is retried through the {@link TaskScheduler} with {@link CallbackSettings} backoff, then given
 * up with a warning. A URL the poster refuses ({@link CallbackRefusedException}: a private address) is given up at
 * once, with one warning naming the host. Deliveries live in memory only: a restart drops pending retries (the SMS itself is safe; its
 * status stays readable with GET).
 */
public final class StatusCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);

    private final HttpPoster poster;
    private final TaskScheduler scheduler;
    private final CallbackSettings settings;
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder delivered = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder givenUp = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder retries = new java.util.concurrent.atomic.LongAdder();

    public StatusCallbacks(HttpPoster poster, TaskScheduler scheduler, CallbackSettings settings) {
        this.poster = Objects.requireNonNull(poster, "poster");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Starts delivering {@code event} to {@code url} (checked with {@link CallbackUrls} beforehand); never blocks. */
    public void deliver(String url, StatusEvent event) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(event, "event");
        URI uri = URI.create(url);
        pending.incrementAndGet();
        attempt(uri, event, 1);
    }

    /** Deliveries not yet succeeded or given up. */
    public int pending() { return pending.get(); }

    /** Deliveries answered 2xx since start. */
    public long delivered() { return delivered.sum(); }

    /** Deliveries given up since start (attempts exhausted, or a URL refused). */
    public long givenUp() { return givenUp.sum(); }

    /** Attempts scheduled again after a failed one, since start. */
    public long retries() { return retries.sum(); }

    private void attempt(URI uri, StatusEvent event, int attempt) {
        try {
            poster.postJson(uri, event.toJson()).whenComplete((code, err) -> {
                if (err == null && code != null && code >= 200 && code < 300) {
                    pending.decrementAndGet();
                    delivered.increment();
                    return;
                }
                Throwable cause = unwrap(err);
                if (cause instanceof CallbackRefusedException refused) {
                    giveUp(uri, event, attempt, refused.getMessage());
                    return;
                }
                String why = cause != null ? cause.toString() : "HTTP " + code;
                retryOrGiveUp(uri, event, attempt, why);
            });
        } catch (RuntimeException e) {
            retryOrGiveUp(uri, event, attempt, e.toString());
        }
    }

    private void retryOrGiveUp(URI uri, StatusEvent event, int attempt, String why) {
        if (attempt >= settings.maxAttempts()) {
            giveUp(uri, event, attempt, why);
            return;
        }
        LOG.debug("status callback of {} ({}) attempt {} failed: {}", event.id(), event.status(), attempt, why);
        retries.increment();
        scheduler.schedule(settings.delayAfter(attempt), () -> attempt(uri, event, attempt + 1));
    }

    private void giveUp(URI uri, StatusEvent event, int attempt, String why) {
        pending.decrementAndGet();
        givenUp.increment();
        LOG.warn("status callback of {} ({}) to {}://{} given up after {} attempt(s): {}", event.id(),
                event.status(), uri.getScheme(), uri.getHost(), attempt, why);
    }

    private static Throwable unwrap(Throwable err) {
        Throwable t = err;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }
}
