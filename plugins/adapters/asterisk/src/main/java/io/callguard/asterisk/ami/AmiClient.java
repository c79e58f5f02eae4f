package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.CallEventListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.FullyBootedEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ShutdownEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Keeps an AMI session up through asterisk-java's {@link ManagerConnection} and feeds the call tracker.
 *
 * <ul>
 * <li>Every blocking asterisk-java call (login, ping, CoreShowChannels, logoff, actions) runs on the
 * {@code callguard-ami} worker pool, never on the event loop.</li>
 * <li>Reconnection is driven here, not by asterisk-java's own reconnect thread (fixed 50 ms then 5 s, no
 * backoff, no ping): each attempt uses a fresh connection; delays double from reconnectMin to reconnectMax and
 * start again from reconnectMin only once a session has lived stableSession (by the injected clock): an Asterisk
 * that drops every session soon after its login is retried less and less often, not every reconnectMin. A dropped link is seen by EOF (asterisk-java's DisconnectEvent), by an
 * {@code Event: Shutdown}, by a Ping unanswered within connectTimeout (one every pingInterval) and by the
 * socket read timeout (silence longer than two ping intervals plus connectTimeout).</li>
 * <li>After every login, and on every {@code FullyBooted} that follows a login (a login made during Asterisk's
 * boot), {@code CoreShowChannels} rebuilds the tracker ({@link CallTracker#replaceAll}).</li>
 * <li>asterisk-java hands events over on its own dispatch thread; this class only filters the few types it needs
 * and hops them onto its Vert.x context ({@code runOnContext}), where {@link AmiEventTranslator} applies them in
 * stream order. Events of a connection that is no longer current are dropped.</li>
 * <li>Other modules hear callguard's own {@link CallEvent}s (Newchannel, Newstate, DialEnd, Hangup and
 * OriginateResponse, translated by {@link AmiEventTranslator#toCallEvent}) through {@link #addEventListener}, on
 * the same context and in the same order, after the tracker; no asterisk-java type leaves this module. A Hangup is
 * read as a {@link HangupWithTechCauseEvent}: Asterisk 22's {@code TechCause} line is read rather than warned about
 * by asterisk-java.</li>
 * </ul>
 */
public final class AmiClient {
    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
    private static final String WORKER_POOL = "callguard-ami";
    private static final int WORKER_THREADS = 4;
    private static final String SYNC_PREFIX = "callguard-sync-";

    private final Vertx vertx;
    private final AmiOptions options;
    private final CallTracker tracker;
    private final AmiEventTranslator translator;
    private final Clock clock;
    private final AtomicLong syncCounter = new AtomicLong();
    private final List<CallEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean connected;

    // Confined to the context once started.
    private volatile Context context;
    private WorkerExecutor worker;
    private boolean started;
    private boolean stopped;
    private long generation;
    private Link link;
    private long retryTimer = -1;
    private long pingTimer = -1;
    private long nextDelayMs;

    /** One connection attempt: its asterisk-java connection and listener, tagged with its generation. */
    private final class Link implements ManagerEventListener {
        final long gen;
        final ManagerConnection conn;
        final AtomicBoolean syncQueued = new AtomicBoolean();
        boolean loggedIn;
        boolean pingInFlight;
        Instant loggedInAt;

        Link(long gen, ManagerConnection conn) {
            this.gen = gen;
            this.conn = conn;
        }

        /** asterisk-java's dispatch thread: filter cheaply, then hop to the event loop. */
        @Override public void onManagerEvent(ManagerEvent event) {
            if (AmiEventTranslator.tracked(event) || AmiEventTranslator.forwarded(event) || event instanceof FullyBootedEvent
                    || event instanceof ShutdownEvent || event instanceof DisconnectEvent) {
                context.runOnContext(v -> onEvent(this, event));
            }
        }
    }

    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker) {
        this(vertx, options, tracker, Clock.systemUTC());
    }

    /** @param clock measures how long each session lived (stableSession) */
    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        if (options.secret().isEmpty()) throw new IllegalArgumentException("the AMI secret is required");
        this.translator = new AmiEventTranslator(tracker, SYNC_PREFIX);
        this.nextDelayMs = options.reconnectMin().toMillis();
    }

    /** Starts connecting in the background (retrying forever with backoff); completes at once. */
    public Future<Void> start() {
        synchronized (this) {
            if (started) return Future.succeededFuture();
            started = true;
            context = vertx.getOrCreateContext();
            worker = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKER_THREADS);
        }
        context.runOnContext(v -> connect());
        return Future.succeededFuture();
    }

    /**
     * Adds a listener of the call events (an {@link CallEvent.OriginateResult} carries the ActionID its Originate
     * was sent with, asterisk-java's own prefix stripped). It is called on this client's Vert.x context, in stream
     * order, after the call tracker saw the event: it must not block. A listener that throws is logged and does
     * not stop the others. May be called before or after {@link #start()}.
     */
    public void addEventListener(CallEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** True while logged in and the last ping was answered. */
    public boolean connected() { return connected; }

    /**
     * Sends any AMI action off the event loop and completes with Asterisk's response (a {@link ManagerError} for
     * {@code Response: Error}, e.g. {@code No such channel}: the caller judges). Fails when not connected or
     * when no response comes within connectTimeout.
     */
    public Future<ManagerResponse> sendAction(ManagerAction action) {
        Objects.requireNonNull(action, "action");
        return onLoggedInLink(l -> worker.<ManagerResponse>executeBlocking(() -> {
            ManagerResponse r = l.conn.sendAction(action, timeoutMs());
            if (r == null) throw new IllegalStateException("AMI link lost before the response");
            return r;
        }, false));
    }

    /**
     * Sends an action whose answer is a list of events (e.g. CoreShowChannels) off the event loop and completes
     * with the response and the events. The events also reach the event dispatch; the tracker only applies lists
     * it asked for itself. Fails as {@link #sendAction} does.
     */
    Future<ResponseEvents> sendEventGeneratingAction(EventGeneratingAction action) {
        Objects.requireNonNull(action, "action");
        return onLoggedInLink(l -> sendList(l, action, () -> { }));
    }

    /**
     * The channels Asterisk lists now ({@code CoreShowChannels} under an ActionID of its own: the tracker is left
     * alone). Fails as {@link #sendAction} does, or when Asterisk answers with an error.
     */
    Future<List<LiveCall>> liveChannels() {
        CoreShowChannelsAction action = new CoreShowChannelsAction();
        action.setActionId("callguard-list-" + syncCounter.incrementAndGet());
        return sendEventGeneratingAction(action).compose(r -> {
            if (r.getResponse() instanceof ManagerError e) {
                return Future.failedFuture(new IllegalStateException("CoreShowChannels: " + e.getMessage()));
            }
            List<LiveCall> calls = new ArrayList<>();
            for (ManagerEvent e : r.getEvents()) {
                if (e instanceof CoreShowChannelEvent c) calls.add(translator.toLiveCall(c));
            }
            return Future.succeededFuture(List.copyOf(calls));
        });
    }

    /**
     * Asks Asterisk for a fresh {@code CoreShowChannels} now, as after a login: the tracker is rebuilt
     * ({@link CallTracker#replaceAll}) and its listeners hear {@code onResync} (the call caps reconcile there).
     * Completes once the whole list was received (the tracker applies it in stream order on this client's
     * context); a resynchronisation already queued on the link serves this request too. Fails when not connected.
     */
    public Future<Void> resync() { return onLoggedInLink(this::requestSync); }

    /**
     * Runs {@code send} on this client's context with the current link; fails when not started, or not logged in
     * (also once stopped: the stop drops the link on the same context).
     */
    private <T> Future<T> onLoggedInLink(Function<Link, Future<T>> send) {
        if (context == null) return Future.failedFuture(new IllegalStateException("AMI client not started"));
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            Link l = link;
            if (l == null || !l.loggedIn) {
                result.fail(new IllegalStateException("AMI not connected"));
                return;
            }
            send.apply(l).onComplete(result);
        });
        return result.future();
    }

    /** Logs off and stops retrying. */
    public Future<Void> stop() {
        if (context == null) return Future.succeededFuture();
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (stopped) {
                done.complete();
                return;
            }
            stopped = true;
            generation++;
            cancelTimers();
            connected = false;
            Link l = link;
            link = null;
            Future<Void> logoff = l == null ? Future.succeededFuture() : discard(l);
            logoff.onComplete(ar -> worker.close().onComplete(c -> {
                LOG.info("AMI client for {}:{} stopped", options.host(), options.port());
                done.complete();
            }));
        });
        return done.future();
    }

    // ---- connection lifecycle (on the context) --------------------------------------------------------------

    private void connect() {
        retryTimer = -1;
        if (stopped) return;
        Link l = new Link(++generation, newConnection());
        link = l;
        l.conn.addEventListener(l);
        worker.executeBlocking(() -> {
            // Asterisk 22's Hangup carries TechCause, which asterisk-java's own HangupEvent would WARN about each
            // time. Registered here, on the worker: the first registration builds the event reader, a class scan.
            l.conn.registerUserEventClass(HangupWithTechCauseEvent.class);
            l.conn.login("on");
            return null;
        }, false).onComplete(ar -> {
            if (l.gen != generation || stopped) {
                discard(l);
                return;
            }
            if (ar.failed()) {
                link = null;
                long delay = scheduleRetry();
                LOG.warn("AMI login to {}:{} as {} failed: {}; retrying in {} ms", options.host(), options.port(),
                        options.username(), describe(ar.cause()), delay);
                discard(l);
                return;
            }
            l.loggedIn = true;
            l.loggedInAt = clock.instant();
            connected = true;
            LOG.info("AMI connected to {}:{} as {}", options.host(), options.port(), options.username());
            long gen = l.gen;
            pingTimer = vertx.setPeriodic(options.pingInterval().toMillis(), t -> ping(gen));
            requestSync(l);
        });
    }

    private ManagerConnection newConnection() {
        ManagerConnection c = new ManagerConnectionFactory(options.host(), options.port(), options.username(),
                options.secret()).createManagerConnection();
        if (c instanceof DefaultManagerConnection d) {
            long timeout = timeoutMs();
            d.setDefaultResponseTimeout(timeout);
            d.setSocketTimeout((int) Math.min(Integer.MAX_VALUE, timeout));
            long silence = 2 * options.pingInterval().toMillis() + timeout;
            d.setSocketReadTimeout((int) Math.min(Integer.MAX_VALUE, silence));
            // asterisk-java's own reconnect thread may start on a drop before we discard the connection:
            // never let it loop on a refused secret.
            d.setKeepAliveAfterAuthenticationFailure(false);
        }
        return c;
    }

    private void onEvent(Link l, ManagerEvent event) {
        if (l.gen != generation || stopped) return;
        boolean applied = translator.apply(event);
        CallEvent published = AmiEventTranslator.toCallEvent(event);
        if (published != null) notifyListeners(published);
        if (applied) return;
        if (event instanceof FullyBootedEvent) {
            // the FullyBooted that follows every login arrives before login() returns and is covered by the
            // post-login sync; a later one means the login happened during boot: the picture may have changed
            if (l.loggedIn) requestSync(l);
        } else if (event instanceof ShutdownEvent s) {
            linkLost(l, "Asterisk is shutting down" + (Boolean.TRUE.equals(s.getRestart()) ? " (restart)" : ""));
        } else if (event instanceof DisconnectEvent) {
            linkLost(l, "connection closed");
        }
    }

    private void notifyListeners(CallEvent event) {
        for (CallEventListener listener : listeners) {
            try {
                listener.onCallEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("AMI event listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private void linkLost(Link l, String reason) {
        if (l.gen != generation || stopped) return;
        generation++;
        link = null;
        connected = false;
        cancelTimers();
        translator.reset();
        Duration lived = l.loggedInAt == null ? Duration.ZERO : Duration.between(l.loggedInAt, clock.instant());
        if (lived.compareTo(options.stableSession()) >= 0) nextDelayMs = options.reconnectMin().toMillis();
        long delay = scheduleRetry();
        LOG.warn("AMI link to {}:{} lost after {} ms: {}; reconnecting in {} ms", options.host(), options.port(),
                lived.toMillis(), reason, delay);
        discard(l);
    }

    /** Schedules the next attempt and doubles the following delay; returns this delay. */
    private long scheduleRetry() {
        long delay = nextDelayMs;
        nextDelayMs = Math.min(delay * 2, options.reconnectMax().toMillis());
        retryTimer = vertx.setTimer(Math.max(1, delay), t -> connect());
        return delay;
    }

    private void cancelTimers() {
        if (pingTimer >= 0) vertx.cancelTimer(pingTimer);
        if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
        pingTimer = -1;
        retryTimer = -1;
    }

    /**
     * Retires a connection on the worker: no more events from it, and a logoff, which also ends asterisk-java's
     * own reconnect thread if a drop started one.
     */
    private Future<Void> discard(Link l) {
        return worker.executeBlocking(() -> {
            l.conn.removeEventListener(l);
            ManagerConnectionState state = l.conn.getState();
            if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
                try {
                    l.conn.logoff();
                } catch (RuntimeException e) {
                    LOG.debug("AMI logoff failed: {}", e.toString());
                }
            }
            return null;
        }, false);
    }

    // ---- ping and sync ------------------------------------------------------------------------------------

    private void ping(long gen) {
        Link l = link;
        if (l == null || l.gen != gen || !l.loggedIn || l.pingInFlight) return;
        l.pingInFlight = true;
        worker.executeBlocking(() -> l.conn.sendAction(new PingAction(), timeoutMs()), false).onComplete(ar -> {
            l.pingInFlight = false;
            if (ar.succeeded() && ar.result() != null && !(ar.result() instanceof ManagerError)) return;
            linkLost(l, "ping unanswered" + (ar.failed() ? " (" + describe(ar.cause()) + ")" : ""));
        });
    }

    /**
     * Sends CoreShowChannels unless one is already waiting to be sent on this link (that one then serves this
     * request too). Completes when the whole list was received; fails, after dropping the link, when it was not.
     */
    private Future<Void> requestSync(Link l) {
        if (!l.syncQueued.compareAndSet(false, true)) return Future.succeededFuture();
        String actionId = SYNC_PREFIX + syncCounter.incrementAndGet();
        Promise<Void> done = Promise.promise();
        CoreShowChannelsAction action = new CoreShowChannelsAction();
        action.setActionId(actionId);
        // the items and the Complete also reach the listener, in stream order: the translator applies them
        sendList(l, action, () -> {
            l.syncQueued.set(false);
            translator.snapshotRequested(actionId);
        }).onComplete(ar -> {
            if (ar.succeeded() && !(ar.result().getResponse() instanceof ManagerError)) {
                done.complete();
                return;
            }
            String why = "CoreShowChannels failed" + (ar.failed() ? " (" + describe(ar.cause()) + ")"
                    : ": " + ar.result().getResponse().getMessage());
            linkLost(l, why);
            done.fail(new IllegalStateException(why));
        });
        return done.future();
    }

    /**
     * Sends an action whose answer is a list of events on {@code l}, off the event loop, waiting twice the response
     * timeout (the list may be long); {@code beforeSend} runs on the worker just before the action leaves.
     */
    private Future<ResponseEvents> sendList(Link l, EventGeneratingAction action, Runnable beforeSend) {
        return worker.executeBlocking(() -> {
            beforeSend.run();
            return l.conn.sendEventGeneratingAction(action, 2 * timeoutMs());
        }, false);
    }

    private long timeoutMs() { return options.connectTimeout().toMillis(); }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
