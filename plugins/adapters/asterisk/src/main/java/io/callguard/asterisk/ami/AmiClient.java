package io.callguard.asterisk.ami;

import io.callguard.asterisk.ami.PendingActions.ListResult;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.CallEventListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.callguard.core.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps an AMI session up over a Vert.x {@link NetClient} and feeds the call tracker, all on one event loop (its
 * Vert.x context): no thread of its own, no blocking call.
 *
 * <ul>
 * <li>Framing ({@link AmiFramer}): the banner line, then frames ended by a blank line, each at most
 * {@link #MAX_FRAME_BYTES}, cut from a reused byte array with no per-frame copy. An oversized or malformed frame
 * is logged (rate-limited) and the link is reset.</li>
 * <li>Decoding ({@link AmiFrameDecoder}), on the frame's bytes: the {@code Event:} line is read first; only the
 * events callguard uses become {@link AmiEvent} records, with only the lines it uses (Strings for those values
 * only); the others are dropped there, with nothing allocated.</li>
 * <li>Login: {@code Challenge} (MD5), then {@code Login} with {@code Key = md5(challenge + secret)} and
 * {@code Events: on}; a plain {@code Secret} login when Asterisk refuses the challenge. The secret is never logged.</li>
 * <li>Actions carry an ActionID of the client ({@code cg<n>}, followed by {@code #} and the caller's own ActionID
 * if it set one): responses and event lists ({@code CoreShowChannels}) are matched by it, and events that carry it
 * back (an {@code OriginateResponse}) reach listeners with the caller's part only.</li>
 * <li>Reconnection: delays double from reconnectMin to reconnectMax and start again from reconnectMin only once a
 * session has lived stableSession (by the injected clock). A dropped link is seen by EOF, by an
 * {@code Event: Shutdown}, by a Ping (one every pingInterval) unanswered within connectTimeout, and by a frame over
 * the size limit or that is no AMI frame; a login must complete within connectTimeout.</li>
 * <li>After every login, and on every {@code FullyBooted} that is not the login's own (a login made during
 * Asterisk's boot), {@code CoreShowChannels} rebuilds the tracker ({@link CallTracker#replaceAll}), in stream
 * order with the events.</li>
 * <li>Other modules hear callguard's own {@link CallEvent}s (Newchannel, Newstate, DialEnd, Hangup and
 * OriginateResponse, translated by {@link AmiEventTranslator#toCallEvent}) through {@link #addEventListener}, on
 * the same context and in the same order, after the tracker.</li>
 * <li>The stream's own state reaches them too: when a link that had been resynchronised is lost, one
 * {@link CallEvent.StreamLost} (at the arrival of its last frame; {@code ASTERISK_RESTART} after an
 * {@code Event: Shutdown}, else {@code AMI_DOWN}); when a later sync has been applied (after the tracker's
 * {@code onResync}), one {@link CallEvent.StreamRestored}. Nothing at the first login, nor at a stop.</li>
 * </ul>
 */
public final class AmiClient {
    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
    /** The largest frame accepted (a CoreShowChannel is under 1 KiB; Asterisk's own limit on a line is 1 KiB). */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final String SYNC_PREFIX = "callguard-sync-";
    private static final String LIST_PREFIX = "callguard-list-";


    private final Vertx vertx;
    private final AmiOptions options;
    /** The server's name (logs, the prefix of its calls' keys, its stream events' source); null for the one server. */
    private final String name;
    private final CallTracker tracker;
    private final AmiEventTranslator translator;
    /** The call events' way into the tracker and to the listeners. */
    private final AmiCallEvents callEvents;
    private final Clock clock;
    private final AtomicLong syncCounter = new AtomicLong();
    private volatile boolean connected;

    // Confined to the context once started.
    private volatile Context context;
    /** A peer that keeps sending bad frames is told once per 10 s, with the count of the lines left out. */
    private final RateLimitedLog badFrames = new RateLimitedLog(LOG, 1, 10_000);
    /** Events by type, reconnections, resynchronisations, frame lag (docs/metrics.md); none until {@link #metrics}. */
    private volatile AmiMetrics metrics = AmiMetrics.none();
    /** Times a link's reads were held ({@link ReadHold}), over every link. */
    private final java.util.concurrent.atomic.LongAdder readHolds = new java.util.concurrent.atomic.LongAdder();
    private NetClient netClient;
    private boolean started;
    private boolean stopped;
    /** Set while the Logoff of a stop is out: the close that follows is no lost link. */
    private boolean stopping;
    private long generation;
    private long actionCounter;
    private Link link;
    private long retryTimer = -1;
    private long pingTimer = -1;
    private long nextDelayMs;
    /**
     * True once a sync has been applied and until a link is lost: callguard sees every channel. Starts false, and
     * {@link #wasSeeing} too: the first sync after start publishes nothing (the record chain marks a start itself).
     */
    private boolean seeing;
    /** True once the stream had been seen whole: a later loss is published, and the sync that ends it. */
    private boolean wasSeeing;

    /** One connection attempt, tagged with its generation. */
    private final class Link {
        final long gen;
        final PendingActions pending = new PendingActions(vertx);
        NetSocket socket;
        AmiFramer framer;
        boolean loggedIn;
        /** Set at login: the next frame may be the login's own FullyBooted, which needs no sync. */
        boolean loginFullyBootedPossible;
        boolean pingInFlight;
        Instant loggedInAt;
        /** When its last frame arrived: up to then the stream was whole (the start of a loss, if it is lost). */
        Instant lastFrameAt;
        /** Asterisk announced its shutdown on this link ({@code Event: Shutdown}). */
        boolean shutdownAnnounced;
        long loginTimer = -1;
        /** Holds the socket's reads after a read of few frames ({@code ami.readCoalesce}). */
        ReadHold readHold;

        Link(long gen) { this.gen = gen; }

        boolean current() { return gen == generation && !stopped; }
    }

    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker) {
        this(vertx, options, tracker, Clock.systemUTC());
    }

    /**
     * @param clock measures how long each session lived (stableSession) and dates the stream's loss and
     *              restoration ({@link CallEvent.StreamLost}, {@link CallEvent.StreamRestored})
     */
    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker, Clock clock) {
        this(vertx, options, tracker, clock, null);
    }

    /**
     * @param server the server's name when the node watches several Asterisk servers: every Uniqueid and Linkedid
     *               it reports is then qualified with it ({@link io.callguard.core.calls.CallKeys}) and its
     *               resynchronisations replace its own channels only; null for the one server (plain ids)
     */
    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker, Clock clock, String server) {
        this(vertx, options, tracker, clock, server, null);
    }

    /**
     * @param firstSyncs the node's servers (with {@code server}): the tracker's listeners hear the first
     *                   {@code onResync} once each has been resynchronised ({@link AmiFirstSyncs}); null: at once
     */
    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker, Clock clock, String server,
                     AmiFirstSyncs firstSyncs) {
        this.name = server;
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        if (options.secret().isEmpty()) throw new IllegalArgumentException("the AMI secret is required");
        this.translator = new AmiEventTranslator(tracker, server, server == null ? null : firstSyncs);
        this.callEvents = new AmiCallEvents(translator);
        this.nextDelayMs = options.reconnectMin().toMillis();
    }

    /** Starts connecting in the background (retrying forever with backoff); completes at once. */
    public Future<Void> start() {
        synchronized (this) {
            if (started) return Future.succeededFuture();
            started = true;
            context = vertx.getOrCreateContext();
            // first-time work (Netty's client classes, the MD5 provider, the framer's VarHandle and the decoder's
            // tables: hundreds of ms on a busy machine) on the caller's thread rather than on the event loop
            netClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs())));
            md5Hex("");
            AmiFramer.warmUp();
        }
        context.runOnContext(v -> connect());
        return Future.succeededFuture();
    }

    /**
     * Adds a listener of the call events (an {@link CallEvent.OriginateResult} carries the ActionID its Originate
     * was sent with, the client's own prefix stripped). It is called on this client's Vert.x context, in stream
     * order, after the call tracker saw the event: it must not block. A listener that throws is logged and does
     * not stop the others. May be called before or after {@link #start()}.
     */
    public void addEventListener(CallEventListener listener) {
        callEvents.addListener(listener);
    }

    /** Where this client counts its events, reconnections, resynchronisations and frame lag; call before start. */
    public void metrics(AmiMetrics metrics) { this.metrics = Objects.requireNonNull(metrics, "metrics"); }

    /** True while logged in and the last ping was answered. */
    public boolean connected() { return connected; }

    /**
     * Sends any AMI action and completes with Asterisk's response ({@link AmiResponse#isError()} for
     * {@code Response: Error}, e.g. {@code No such channel}: the caller judges). Fails when not connected, when
     * the link drops first, or when no response comes within connectTimeout.
     */
    public Future<AmiResponse> sendAction(AmiAction action) {
        Objects.requireNonNull(action, "action");
        return onLoggedInLink(l -> send(l, action, false, timeoutMs(), null)).map(ListResult::response);
    }

    /**
     * Sends an action whose answer is a list of {@code CoreShowChannel} events and completes with the response and
     * the channels, once the list's Complete came (within twice connectTimeout). Fails as {@link #sendAction} does.
     */
    Future<ListResult> sendEventGeneratingAction(AmiAction action) {
        Objects.requireNonNull(action, "action");
        return onLoggedInLink(l -> send(l, action, true, 2 * timeoutMs(), null));
    }

    /**
     * The channels Asterisk lists now ({@code CoreShowChannels} under an ActionID of its own: the tracker is left
     * alone). Fails as {@link #sendAction} does, or when Asterisk answers with an error.
     */
    Future<List<LiveCall>> liveChannels() {
        AmiAction action = AmiAction.named("CoreShowChannels").actionId(LIST_PREFIX + syncCounter.incrementAndGet());
        return sendEventGeneratingAction(action).compose(r -> {
            if (r.response().isError()) {
                return Future.failedFuture(new IllegalStateException("CoreShowChannels: " + r.response().message()));
            }
            return Future.succeededFuture(List.copyOf(r.items()));
        });
    }

    /**
     * Asks Asterisk for a fresh {@code CoreShowChannels} now, as after a login: the tracker is rebuilt
     * ({@link CallTracker#replaceAll}) and its listeners hear {@code onResync} (the call caps reconcile there).
     * Completes once the whole list was received and applied. Fails when not connected.
     */
    public Future<Void> resync() { return onLoggedInLink(this::requestSync); }

    /** Logs off (waiting at most connectTimeout for Asterisk's Goodbye) and stops retrying. */
    public Future<Void> stop() {
        if (context == null) return Future.succeededFuture();
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (stopped || stopping) {
                done.complete();
                return;
            }
            stopping = true;
            Link l = link;
            Future<?> logoff = l != null && l.loggedIn
                    ? send(l, AmiAction.named("Logoff"), false, timeoutMs(), null).otherwiseEmpty()
                    : Future.succeededFuture();
            logoff.onComplete(ar -> {
                stopped = true;
                generation++;
                cancelTimers();
                connected = false;
                link = null;
                if (l != null) close(l, "client stopped");
                netClient.close().onComplete(c -> {
                    LOG.info("AMI client for {} stopped", where());
                    done.complete();
                });
            });
        });
        return done.future();
    }

    /** Runs {@code send} on this client's context with the current link; fails when not started or not logged in. */
    private <T> Future<T> onLoggedInLink(Function<Link, Future<T>> send) {
        if (context == null) return Future.failedFuture(new IllegalStateException("AMI client not started"));
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            Link l = link;
            if (l == null || !l.loggedIn || stopped || stopping) {
                result.fail(new IllegalStateException("AMI not connected"));
                return;
            }
            send.apply(l).onComplete(result);
        });
        return result.future();
    }

    // ---- connection lifecycle (on the context) --------------------------------------------------------------

    private void connect() {
        retryTimer = -1;
        if (stopped) return;
        Link l = new Link(++generation);
        link = l;
        l.loginTimer = vertx.setTimer(Math.max(1, timeoutMs()), t -> {
            l.loginTimer = -1;
            if (l.current() && !l.loggedIn) loginFailed(l, "no login within " + timeoutMs() + " ms");
        });
        netClient.connect(options.port(), options.host()).onComplete(ar -> {
            if (!l.current()) {
                if (ar.succeeded()) ar.result().close();
                return;
            }
            if (ar.failed()) {
                loginFailed(l, describe(ar.cause()));
                return;
            }
            NetSocket socket = ar.result();
            l.socket = socket;
            // the banner is one line; every frame after it ends with a blank line
            l.framer = new AmiFramer(MAX_FRAME_BYTES, new AmiFramer.Handler() {
                @Override public boolean banner(String line) { return onBanner(l, line); }
                @Override public void frame(byte[] bytes, int from, int to) { onFrame(l, bytes, from, to); }
                @Override public void oversized() { badFrame(l, "a frame over " + MAX_FRAME_BYTES + " bytes"); }
            });
            l.readHold = new ReadHold(vertx, socket, options.readCoalesce(), readHolds::increment);
            socket.handler(b -> {
                long readAt = System.nanoTime();
                l.readHold.readStarts();
                l.framer.feed(b);
                metrics.readHandled(readAt);
                if (l.current()) l.readHold.readEnded();
            });
            socket.closeHandler(v -> linkLost(l, "connection closed"));
            socket.exceptionHandler(e -> linkLost(l, describe(e)));
        });
    }

    /** How many times reading was held (tests: a burst is read without holds). */
    long readHolds() { return readHolds.sum(); }

    /** The first line; returns true once it was the banner (frames follow), false for a blank line. */
    private boolean onBanner(Link l, String line) {
        if (!l.current()) return false;
        String banner = line.trim();
        if (banner.isEmpty()) return false;
        if (!banner.contains("Call Manager")) {
            badFrame(l, "no AMI banner");
            return false;
        }
        login(l);
        return true;
    }

    private void onFrame(Link l, byte[] bytes, int from, int to) {
        if (!l.current()) return;
        l.readHold.frameRead();
        l.lastFrameAt = clock.instant();
        AmiFrameDecoder.Decoded d = AmiFrameDecoder.decode(bytes, from, to);
        metrics.decoded(d);
        boolean loginFrame = l.loginFullyBootedPossible;
        l.loginFullyBootedPossible = false;
        if (d instanceof AmiFrameDecoder.Event e) {
            onEvent(l, e.event(), loginFrame);
        } else if (d instanceof AmiFrameDecoder.Response r) {
            onResponse(l, r);
        } else if (d instanceof AmiFrameDecoder.Malformed m) {
            badFrame(l, "a malformed frame (" + m.why() + ")");
        }
    }

    private void login(Link l) {
        send(l, AmiAction.named("Challenge").add("AuthType", "MD5"), false, timeoutMs(), null).onComplete(ch -> {
            if (!l.current()) return;
            if (ch.failed()) {
                loginFailed(l, describe(ch.cause()));
                return;
            }
            AmiResponse challenge = ch.result().response();
            AmiAction login = AmiAction.named("Login").add("Username", options.username());
            String key = challenge.isError() ? null : challenge.get("Challenge");
            if (key != null) {
                login.add("AuthType", "MD5").add("Key", md5Hex(key + options.secret()));
            } else {
                login.add("Secret", options.secret()); // Asterisk refused the challenge: plain login
            }
            login.add("Events", "on");
            send(l, login, false, timeoutMs(), null).onComplete(ar -> {
                if (!l.current()) return;
                if (ar.failed()) {
                    loginFailed(l, describe(ar.cause()));
                } else if (!"Success".equalsIgnoreCase(ar.result().response().response())) {
                    String m = ar.result().response().message();
                    loginFailed(l, m == null ? ar.result().response().response() : m);
                } else {
                    loggedIn(l);
                }
            });
        });
    }

    private void loggedIn(Link l) {
        if (l.loginTimer >= 0) vertx.cancelTimer(l.loginTimer);
        l.loginTimer = -1;
        l.loggedIn = true;
        l.loginFullyBootedPossible = true;
        l.loggedInAt = clock.instant();
        connected = true;
        LOG.info("AMI connected to {} as {}", where(), options.username());
        long gen = l.gen;
        pingTimer = vertx.setPeriodic(Math.max(1, options.pingInterval().toMillis()), t -> ping(gen));
        requestSync(l);
    }

    private void onEvent(Link l, AmiEvent event, boolean rightAfterLogin) {
        if (event instanceof AmiEvent.CoreShowChannel c) {
            l.pending.listItem(c.actionId(), translator.toLiveCall(c));
            return;
        }
        if (event instanceof AmiEvent.CoreShowChannelsComplete done) {
            l.pending.listComplete(done.actionId(), done.listItems());
            return;
        }
        // the call's events: the tracker, then the listeners (records, click-to-call), with the call in the MDC
        callEvents.handle(event, event instanceof AmiEvent.OriginateResponse o
                ? PendingActions.userActionId(o.actionId()) : null);
        if (event instanceof AmiEvent.FullyBooted) {
            // the FullyBooted that follows every login is covered by the post-login sync; a later one means the
            // login happened during boot: the picture may have changed
            if (l.loggedIn && !rightAfterLogin) requestSync(l);
        } else if (event instanceof AmiEvent.Shutdown s) {
            l.shutdownAnnounced = true;
            linkLost(l, "Asterisk is shutting down" + (s.restart() ? " (restart)" : ""));
        }
    }

    private void onResponse(Link l, AmiFrameDecoder.Response r) {
        if (!l.pending.response(r)) LOG.debug("AMI response to no pending action: {}", r.wireActionId());
    }

    /** An oversized or malformed frame, or no AMI banner: logged (at most once per 10 s) and the link reset. */
    private void badFrame(Link l, String what) {
        if (!l.current() || stopping) return;
        badFrames.warn("AMI peer {} sent {}; resetting the link", where(), what);
        linkLost(l, what);
    }

    private void loginFailed(Link l, String reason) {
        if (!l.current() || stopping) return;
        generation++;
        link = null;
        long delay = scheduleRetry();
        LOG.warn("AMI login to {} as {} failed: {}; retrying in {} ms", where(), options.username(), reason, delay);
        close(l, reason);
    }

    private void linkLost(Link l, String reason) {
        if (!l.current() || stopping) return;
        if (!l.loggedIn) {
            loginFailed(l, reason);
            return;
        }
        generation++;
        link = null;
        connected = false;
        cancelTimers();
        translator.reset();
        Duration lived = Duration.between(l.loggedInAt, clock.instant());
        if (lived.compareTo(options.stableSession()) >= 0) nextDelayMs = options.reconnectMin().toMillis();
        long delay = scheduleRetry();
        LOG.warn("AMI link to {} lost after {} ms: {}; reconnecting in {} ms", where(), lived.toMillis(), reason,
                delay);
        close(l, reason);
        if (seeing) {
            // once per loss: a relogin whose sync fails again is the same loss, still unrestored
            seeing = false;
            Instant at = l.lastFrameAt != null ? l.lastFrameAt : l.loggedInAt;
            callEvents.tell(new CallEvent.StreamLost(at, l.shutdownAnnounced
                    ? CallEvent.StreamLost.ASTERISK_RESTART : CallEvent.StreamLost.AMI_DOWN, name));
        }
    }

    /** A sync's list was applied to the tracker on a current link: the stream is whole again. */
    private void synced() {
        if (seeing) return;
        seeing = true;
        if (wasSeeing) {
            // after the tracker's onResync (applySnapshot ran it), so that listeners first settle what vanished
            callEvents.tell(new CallEvent.StreamRestored(clock.instant(), name));
        }
        wasSeeing = true;
    }

    /** Closes a retired link's socket and fails what still waited on it. */
    private void close(Link l, String reason) {
        if (l.loginTimer >= 0) vertx.cancelTimer(l.loginTimer);
        l.loginTimer = -1;
        if (l.socket != null) l.socket.close();
        l.pending.failAll(reason);
    }

    /** Schedules the next attempt and doubles the following delay; returns this delay. */
    private long scheduleRetry() {
        long delay = nextDelayMs;
        nextDelayMs = Math.min(delay * 2, options.reconnectMax().toMillis());
        metrics.reconnectScheduled();
        retryTimer = vertx.setTimer(Math.max(1, delay), t -> connect());
        return delay;
    }

    private void cancelTimers() {
        if (pingTimer >= 0) vertx.cancelTimer(pingTimer);
        if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
        pingTimer = -1;
        retryTimer = -1;
    }

    // ---- actions, ping and sync ------------------------------------------------------------------------------

    /**
     * Writes {@code action} on {@code l} under a fresh ActionID of the client; completes with the response (and for
     * a list, its items), fails when the link goes or after {@code timeoutMs}.
     */
    private Future<ListResult> send(Link l, AmiAction action, boolean list, long timeoutMs, Consumer<ListResult> onList) {
        if (!l.current() || l.socket == null) {
            return Future.failedFuture(new IllegalStateException("AMI not connected"));
        }
        String userId = action.actionId();
        // the client's prefix and counter: PendingActions.userActionId gives the caller's part back
        String wireId = "cg" + (++actionCounter) + (userId == null ? "" : "#" + userId);
        Future<ListResult> answer = l.pending.expect(wireId, userId, list, timeoutMs,
                "no AMI response to " + action.name() + " within " + timeoutMs + " ms", onList);
        l.socket.write(Buffer.buffer(action.toWire(wireId)));
        return answer;
    }

    private void ping(long gen) {
        Link l = link;
        if (l == null || l.gen != gen || !l.loggedIn || l.pingInFlight) return;
        l.pingInFlight = true;
        send(l, AmiAction.named("Ping"), false, timeoutMs(), null).onComplete(ar -> {
            l.pingInFlight = false;
            if (ar.succeeded() && !ar.result().response().isError()) return;
            linkLost(l, "ping unanswered" + (ar.failed() ? " (" + describe(ar.cause()) + ")" : ""));
        });
    }

    /**
     * Sends CoreShowChannels; the tracker is rebuilt from its list in stream order when its Complete arrives.
     * Completes then; fails, after dropping the link, when the list did not come or Asterisk refused it.
     */
    private Future<Void> requestSync(Link l) {
        String syncId = SYNC_PREFIX + syncCounter.incrementAndGet();
        translator.snapshotRequested(syncId);
        AmiAction action = AmiAction.named("CoreShowChannels").actionId(syncId);
        Promise<Void> done = Promise.promise();
        long askedAt = System.nanoTime();
        send(l, action, true, 2 * timeoutMs(), r -> {
            if (!r.response().isError() && l.current()) {
                translator.applySnapshot(syncId, r.items(), r.announced());
                metrics.resynced(askedAt);
                synced();
            }
        }).onComplete(ar -> {
            if (ar.succeeded() && !ar.result().response().isError()) {
                done.complete();
                return;
            }
            String why = "CoreShowChannels failed" + (ar.failed() ? " (" + describe(ar.cause()) + ")"
                    : ": " + ar.result().response().message());
            linkLost(l, why);
            done.fail(new IllegalStateException(why));
        });
        return done.future();
    }

    private long timeoutMs() { return options.connectTimeout().toMillis(); }

    /** {@code host:port}, after the server's name when it has one. */
    private String where() {
        return (name == null ? "" : name + " (") + options.host() + ":" + options.port() + (name == null ? "" : ")");
    }

    /** The key the tracker and the call events give this server's channel {@code uniqueId}. */
    public String key(String uniqueId) { return translator.key(uniqueId); }

    /** The server's name, null for the one server of a node that has one. */
    public String name() { return name; }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
