package io.callguard.cti.sms;

import io.callguard.cti.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers accepted SMS to the gateway: every QUEUED SMS is sent until the gateway answers (2xx → SENT, 3xx–6xx →
 * FAILED with the code) or {@code maxAttempts} attempts timed out (→ FAILED "timeout"), retrying with exponential
 * backoff through the {@link TaskScheduler}.
 *
 * <p><b>Delivery is at least once.</b> {@link #start()} sends every SMS the repository still has QUEUED, so an SMS
 * accepted before a restart, or whose answer was lost in one, is sent (again). A gateway that must not deliver
 * twice dedupes on the stable Call-ID / {@code X-Callguard-Sms-Id} header every attempt of an SMS carries. Within a
 * process an SMS is sent by one attempt at a time, and the repository's conditional updates mark it SENT or FAILED
 * once.
 *
 * <p>Threads: {@link #enqueue} and scheduled retries run the first steps (repository read/write, SIP send) on the
 * caller's thread, the handling of a result on the gateway's completion thread: all may block on the repository, so
 * none of them may be an event loop.
 */
public final class SmsDispatcher implements SmsQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SmsDispatcher.class);

    private final SmsRepository repository;
    private final SmsGateway gateway;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final DispatchSettings settings;
    private final SmsStatusListener listener;

    // guarded by this
    private final Set<String> active = new HashSet<>();
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final Set<TaskScheduler.Cancellable> timers = new HashSet<>();
    private int sending;
    private boolean started;
    private boolean stopped;

    public SmsDispatcher(SmsRepository repository, SmsGateway gateway, TaskScheduler scheduler, Clock clock,
                         DispatchSettings settings, SmsStatusListener listener) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Starts delivering: queues every SMS the repository has QUEUED (accepted before a restart), oldest first.
     * Until started, {@link #enqueue} only queues. Blocking (repository).
     *
     * @return how many unsent SMS were found
     */
    public int start() {
        List<SmsMessage> unsent = repository.listUnsent();
        synchronized (this) {
            if (started || stopped) return 0;
            started = true;
        }
        if (!unsent.isEmpty()) LOG.info("{} accepted SMS not yet sent: sending them now", unsent.size());
        for (SmsMessage s : unsent) admit(s.id());
        pump();
        return unsent.size();
    }

    /** Stops: pending retries are cancelled, answers still in flight are recorded; the rest stays QUEUED. */
    public void stop() {
        List<TaskScheduler.Cancellable> toCancel;
        synchronized (this) {
            stopped = true;
            waiting.clear();
            toCancel = List.copyOf(timers);
            timers.clear();
        }
        toCancel.forEach(TaskScheduler.Cancellable::cancel);
    }

    @Override public void enqueue(SmsMessage sms) {
        admit(sms.id());
        pump();
    }

    /** SMS this dispatcher is working on (sending, waiting for a slot or for a retry). */
    public synchronized int active() { return active.size(); }

    /** SMS sent to the gateway and not answered yet (at most the in-flight limit). */
    public synchronized int sending() { return sending; }

    private synchronized void admit(String id) {
        if (stopped || !active.add(id)) return; // already being delivered: one attempt at a time
        waiting.addLast(id);
    }

    /** Starts as many waiting SMS as the in-flight limit allows. */
    private void pump() {
        while (true) {
            String id;
            synchronized (this) {
                if (!started || stopped || sending >= settings.maxInFlight() || waiting.isEmpty()) return;
                id = waiting.pollFirst();
                sending++;
            }
            attempt(id);
        }
    }

    private void attempt(String id) {
        Optional<SmsMessage> counted;
        try {
            counted = repository.recordAttempt(id);
        } catch (RuntimeException e) {
            LOG.warn("SMS {}: could not record an attempt ({}); retrying later", id, e.toString());
            scheduleRetry(id, 1);
            return;
        }
        if (counted.isEmpty()) { // sent or failed meanwhile (another node, or an earlier attempt)
            finish(id);
            return;
        }
        SmsMessage sms = counted.get();
        int attempt = sms.attempts();
        try {
            gateway.send(sms, attempt).whenComplete((r, err) ->
                    onResult(id, attempt, err != null ? GatewayResult.error(err.toString()) : r));
        } catch (RuntimeException e) {
            onResult(id, attempt, GatewayResult.error(e.toString()));
        }
    }

    private void onResult(String id, int attempt, GatewayResult result) {
        try {
            if (result.success()) {
                repository.markSent(id, result.code(), clock.instant()).ifPresent(this::announce);
            } else if (!result.retryable()) {
                String detail = "sip " + result.code() + (result.detail() == null ? "" : " " + result.detail());
                LOG.info("SMS {} refused by the gateway: {}", id, detail);
                repository.markFailed(id, result.code(), detail, clock.instant()).ifPresent(this::announce);
            } else if (attempt >= settings.maxAttempts()) {
                LOG.warn("SMS {} failed: no answer from the gateway after {} attempts ({})", id, attempt, result.detail());
                repository.markFailed(id, null, "timeout", clock.instant()).ifPresent(this::announce);
            } else {
                LOG.debug("SMS {} attempt {} got no answer ({}); retrying", id, attempt, result.detail());
                scheduleRetry(id, attempt);
                return;
            }
            finish(id);
        } catch (RuntimeException e) {
            // the outcome could not be stored: the SMS stays QUEUED and is sent again (at least once)
            LOG.warn("SMS {}: could not store the outcome of attempt {} ({}); sending again later", id, attempt, e.toString());
            scheduleRetry(id, attempt);
        }
    }

    private void announce(SmsMessage sms) {
        try {
            listener.onStatus(sms, sms.lastChange());
        } catch (RuntimeException e) {
            LOG.warn("SMS {}: status listener failed: {}", sms.id(), e.toString());
        }
    }

    /** Frees the in-flight slot and waits {@code delayAfter(attempt)} before sending again. */
    private void scheduleRetry(String id, int attempt) {
        TaskScheduler.Cancellable[] handle = new TaskScheduler.Cancellable[1];
        synchronized (this) {
            sending--;
            if (stopped) {
                active.remove(id);
                return;
            }
        }
        Runnable retry = () -> {
            synchronized (this) {
                timers.remove(handle[0]);
                if (stopped) return;
                waiting.addLast(id);
            }
            pump();
        };
        TaskScheduler.Cancellable h = scheduler.schedule(settings.delayAfter(attempt), retry);
        synchronized (this) {
            handle[0] = h;
            if (!stopped) timers.add(h);
        }
        pump();
    }

    private void finish(String id) {
        synchronized (this) {
            sending--;
            active.remove(id);
        }
        pump();
    }
}
