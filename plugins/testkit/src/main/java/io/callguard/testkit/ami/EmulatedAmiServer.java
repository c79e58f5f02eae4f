package io.callguard.testkit.ami;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Asterisk 22 AMI server on a Vert.x NetServer, behaving as the real captures show: greeting, Login (plain
 * {@code Secret} or MD5 {@code Challenge}), FullyBooted + SuccessfulAuth after login, delayed failure and close
 * on a wrong secret, Ping, CoreSettings, Command, CoreShowChannels, Hangup, Originate (asynchronous: queued, then
 * an {@code OriginateResponse} event with the ActionID as received), Logoff, unknown actions; CRLF framing,
 * ActionID echoed. It holds a channel table that channel events (emitted, replayed or generated) keep current,
 * so CoreShowChannels always tells the truth. It can crash ({@link #kill()}), restart on the same port, shut down
 * with a Shutdown event, boot slowly (login before FullyBooted) and stop answering (dead link).
 *
 * <p>All protocol work runs on one Vert.x context; the API may be called from any thread. Mutating calls are
 * applied in call order and return a future completed once the frames are written.
 */
public final class EmulatedAmiServer {
    private static final String HOST = "127.0.0.1";
    private static final int PUMP_BATCH = 256;

    private final Vertx vertx;
    private final Context context;
    private final String username;
    private final String secret;
    private final Set<AmiSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, EmulatedChannel> channels = new LinkedHashMap<>();
    private final List<AmiFrame> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger failedLogins = new AtomicInteger();
    private final AtomicInteger successfulLogins = new AtomicInteger();
    private final AtomicLong uniqueSequence = new AtomicLong();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration loginFailureDelay = Duration.ofMillis(100);
    private volatile boolean booting;
    private volatile String originateResponse = "Success";
    private volatile int originateReason = 4;
    private volatile boolean unresponsive;
    private volatile boolean holdOriginateResponses;
    private final List<Runnable> heldOriginateResponses = new CopyOnWriteArrayList<>();
    private volatile boolean holdChannelLists;
    private volatile boolean coalesceReplays;
    /** CoreShowChannels answers held by {@link #holdChannelLists}; only touched on the context. */
    private final List<Runnable> heldChannelLists = new ArrayList<>();
    private volatile long bootEpoch;
    private volatile int port;
    private NetServer server;

    public EmulatedAmiServer(Vertx vertx, String username, String secret) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.username = Objects.requireNonNull(username, "username");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.context = vertx.getOrCreateContext();
        this.bootEpoch = clock.instant().getEpochSecond();
    }

    // ---- settings -------------------------------------------------------------------------------------------

    /** How long a wrong secret waits before {@code Authentication failed} (Asterisk: about 1 s). Default 100 ms. */
    public EmulatedAmiServer loginFailureDelay(Duration delay) {
        this.loginFailureDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** The clock for Ping timestamps, channel start times and Uniqueid epochs. */
    public EmulatedAmiServer clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.bootEpoch = clock.instant().getEpochSecond();
        return this;
    }

    /** While booting, a login gets no immediate FullyBooted; {@link #finishBoot()} sends it (as after a restart). */
    public EmulatedAmiServer booting(boolean booting) {
        this.booting = booting;
        return this;
    }

    /** When true, actions are recorded but never answered (a dead link: TCP up, Asterisk silent). */
    public EmulatedAmiServer unresponsive(boolean unresponsive) {
        this.unresponsive = unresponsive;
        return this;
    }

    /**
     * When true, CoreShowChannels is received but not answered yet (a busy Asterisk: the list comes late);
     * {@link #releaseChannelLists()} answers the held requests with the channel table as it is then.
     */
    public EmulatedAmiServer holdChannelLists(boolean hold) {
        this.holdChannelLists = hold;
        return this;
    }

    /**
     * When true, replays and generated load write each batch of frames (up to 256) to a session in one write
     * instead of one write per frame (Asterisk's way): a client then reads many frames per read, which measures
     * its decoding rather than the cost of a wake-up per frame. Default false.
     */
    public EmulatedAmiServer coalesceReplays(boolean coalesce) {
        this.coalesceReplays = coalesce;
        return this;
    }

    /** Stops holding CoreShowChannels and answers every held request now. */
    public Future<Void> releaseChannelLists() {
        return onContext(() -> {
            holdChannelLists = false;
            List<Runnable> answers = new ArrayList<>(heldChannelLists);
            heldChannelLists.clear();
            answers.forEach(Runnable::run);
        });
    }

    /**
     * What the OriginateResponse event of every later Originate says: {@code Success} with reason 4 (the first leg
     * answered; the default), or e.g. {@code Failure} with 3 (no answer), 5 (busy), 8 (congestion).
     */
    public EmulatedAmiServer originateOutcome(String response, int reason) {
        this.originateResponse = Objects.requireNonNull(response, "response");
        this.originateReason = reason;
        return this;
    }

    /**
     * When true, the OriginateResponse of every later Originate waits for {@link #releaseOriginateResponses()}
     * (the originated line rings for a while); the Originate itself is still answered "queued" at once.
     */
    public EmulatedAmiServer holdOriginateResponses(boolean hold) {
        this.holdOriginateResponses = hold;
        return this;
    }

    /** Sends the OriginateResponse events held so far, in order (with the outcome set when each was sent). */
    public Future<Void> releaseOriginateResponses() {
        return onContext(() -> {
            List<Runnable> held = List.copyOf(heldOriginateResponses);
            heldOriginateResponses.clear();
            held.forEach(Runnable::run);
        });
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    /** Listens on 127.0.0.1:{@code port} (a fixed port, for a server under test configured beforehand). */
    public Future<Integer> start(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        Promise<Integer> chosen = Promise.promise();
        context.runOnContext(v -> {
            if (server == null) this.port = port;
            chosen.complete(this.port);
        });
        return chosen.future().compose(p -> start());
    }

    /** Listens on 127.0.0.1, on an ephemeral port the first time, then on the same port. Completes with it. */
    public Future<Integer> start() {
        Promise<Integer> done = Promise.promise();
        context.runOnContext(v -> {
            if (server != null) {
                done.complete(port);
                return;
            }
            listen(done, BIND_ATTEMPTS);
        });
        return done.future();
    }

    private static boolean addressInUse(Throwable err) {
        return err instanceof java.net.BindException
                || (err.getMessage() != null && err.getMessage().contains("Address already in use"));
    }

    /** Tries on a restart: the old port can be briefly held by a client that connected to itself (see below). */
    private static final int BIND_ATTEMPTS = 60;

    private void listen(Promise<Integer> done, int attemptsLeft) {
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost(HOST).setPort(port)
                .setReuseAddress(true).setTcpNoDelay(true));
        s.connectHandler(this::accept);
        s.listen().onSuccess(bound -> {
            server = bound;
            port = bound.actualPort();
            done.complete(port);
        }).onFailure(err -> {
            // A client that keeps reconnecting to a dead port of the ephemeral range can be given that very port as
            // its source port and connect to itself (TCP simultaneous open); the port is free again once it gives
            // up. Retry for a few seconds instead of failing the restart.
            if (port != 0 && attemptsLeft > 1 && addressInUse(err)) {
                vertx.setTimer(50, t -> listen(done, attemptsLeft - 1));
            } else {
                done.fail(err);
            }
        });
    }

    /** The bound port (0 before the first start). */
    public int port() { return port; }

    /** Like a crash: every connection dropped without a word, the listener closed, every channel gone. */
    public Future<Void> kill() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            for (AmiSession s : new ArrayList<>(sessions)) s.close();
            sessions.clear();
            synchronized (channels) {
                channels.clear();
            }
            NetServer s = server;
            server = null;
            if (s == null) done.complete();
            else s.close().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    /**
     * Every open connection dropped without a word, the listener kept: a link cut by the network, or an Asterisk
     * that closes each session soon after its login. Channels stay.
     */
    public Future<Void> dropSessions() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            for (AmiSession s : new ArrayList<>(sessions)) s.close();
            done.complete();
        });
        return done.future();
    }

    /** {@code core restart now} seen from AMI: {@code Event: Shutdown} to every session, then {@link #kill()}. */
    public Future<Void> shutdown(boolean restart) {
        emit(AmiFrame.builder().add("Event", "Shutdown").add("Privilege", "system,all")
                .add("Shutdown", "Cleanly").add("Restart", restart ? "True" : "False").build());
        return kill();
    }

    /** A new process on the same port: a new Uniqueid epoch, channels as added since the kill. */
    public Future<Integer> restart() {
        bootEpoch = bootEpoch + 1 + uniqueSequence.get() / 1_000_000;
        uniqueSequence.set(0);
        return start();
    }

    /** Ends the boot: FullyBooted (Uptime 0) to every logged-in session. */
    public Future<Void> finishBoot() {
        booting = false;
        return emit(fullyBooted(true));
    }

    public Future<Void> close() { return kill(); }

    // ---- channels -------------------------------------------------------------------------------------------

    /** A fresh Uniqueid of this boot: {@code <epoch>.<sequence>}. */
    public String nextUniqueId() { return bootEpoch + "." + uniqueSequence.getAndIncrement(); }

    /** Adds a live channel and emits its Newchannel. */
    public Future<Void> addChannel(String uniqueId, String linkedId, String channel, String accountCode,
                                   String callerNum, String exten, String state) {
        EmulatedChannel c = new EmulatedChannel(uniqueId, linkedId, channel, accountCode, callerNum, exten, state,
                null, clock.instant());
        return onContext(() -> {
            put(c);
            broadcast(c.newchannel());
        });
    }

    /**
     * Adds a live channel without any event, as a channel the client missed (created while it was away):
     * only CoreShowChannels reveals it.
     */
    public Future<Void> addChannelQuietly(String uniqueId, String linkedId, String channel, String accountCode,
                                          String callerNum, String exten, String state) {
        EmulatedChannel c = new EmulatedChannel(uniqueId, linkedId, channel, accountCode, callerNum, exten, state,
                null, clock.instant());
        return onContext(() -> put(c));
    }

    /** The channel goes Up: Newstate. */
    public Future<Void> answer(String uniqueId) {
        return onContext(() -> {
            EmulatedChannel c;
            synchronized (channels) {
                c = channels.computeIfPresent(uniqueId, (k, old) -> old.withState("Up"));
            }
            if (c != null) broadcast(c.newstate());
        });
    }

    /** The channel hangs up with a Q.850 cause: Hangup, and it leaves the table. */
    public Future<Void> hangup(String uniqueId, int cause) {
        return onContext(() -> {
            EmulatedChannel c;
            synchronized (channels) {
                c = channels.remove(uniqueId);
            }
            if (c != null) broadcast(c.hangup(cause));
        });
    }

    /** Live channels, in creation order. */
    public List<EmulatedChannel> channels() {
        synchronized (channels) {
            return List.copyOf(channels.values());
        }
    }

    // ---- events ---------------------------------------------------------------------------------------------

    /** Sends a frame to every logged-in session (applied to the channel table if it is a channel event). */
    public Future<Void> emit(AmiFrame frame) {
        return onContext(() -> {
            apply(frame);
            broadcast(frame);
        });
    }

    public Future<Void> emit(Map<String, String> fields) { return emit(AmiFrame.of(fields)); }

    /**
     * Sends frames already in wire form (each: CRLF lines and the closing empty line), one socket write each, to
     * every logged-in session, without parsing them and without touching the channel table (CoreShowChannels will
     * not list what they announce): for load generators, whose cost per frame must stay far below the server's.
     * Completes once they are written to the sockets; batches sent from one thread keep their order.
     */
    public Future<Void> emitWire(List<Buffer> frames) {
        List<Buffer> copy = List.copyOf(frames);
        return onContext(() -> {
            for (Buffer f : copy) broadcast(f);
        });
    }

    /** A raw frame, LF or CRLF line ends. */
    public Future<Void> emit(String rawFrame) { return emit(AmiFrame.parse(rawFrame)); }

    /** Sends the event frames of a real capture ({@code ami.txt}), see {@link AmiCapture#replayableEvents()}. */
    public Future<Integer> replay(Path amiTxt) { return replay(AmiCapture.read(amiTxt).replayableEvents()); }

    /** Sends frames in order, as fast as the sockets take them; completes with the number sent. */
    public Future<Integer> replay(List<AmiFrame> frames) { return pump(List.copyOf(frames).iterator()); }

    /**
     * Sends the frames of {@code frames} as it yields them, as fast as the sockets take them (a long generated
     * stream needs no list in memory); completes with the number sent. The iterator is read on this server's
     * context only.
     */
    public Future<Integer> replay(Iterator<AmiFrame> frames) { return pump(Objects.requireNonNull(frames, "frames")); }

    /**
     * Synthetic load: {@code calls} two-leg calls in waves of {@code concurrent}, each of
     * {@code 6 + noisePerCall} frames (VarSet noise). Completes with the number of frames sent.
     */
    public Future<Integer> emitLoad(int calls, int concurrent, int noisePerCall) {
        return pump(new SyntheticCalls(calls, concurrent, noisePerCall, this::nextUniqueId, clock));
    }

    // ---- observation ----------------------------------------------------------------------------------------

    /** Every action received, in order, on every session. */
    public List<AmiFrame> actionsReceived() { return List.copyOf(actions); }

    /** Actions received with this name (case-insensitive). */
    public List<AmiFrame> actionsReceived(String action) {
        List<AmiFrame> out = new ArrayList<>();
        for (AmiFrame f : actions) if (action.equalsIgnoreCase(f.action())) out.add(f);
        return out;
    }

    public int loggedInSessions() {
        int n = 0;
        for (AmiSession s : sessions) if (s.loggedIn()) n++;
        return n;
    }

    public int failedLogins() { return failedLogins.get(); }

    public int successfulLogins() { return successfulLogins.get(); }

    // ---- package-private: used by the sessions ---------------------------------------------------------------

    Vertx vertx() { return vertx; }

    Clock clock() { return clock; }

    String username() { return username; }

    String secret() { return secret; }

    Duration loginFailureDelay() { return loginFailureDelay; }

    boolean booting() { return booting; }

    boolean unresponsive() { return unresponsive; }

    /** On the context: true when the answer was held for {@link #releaseChannelLists()}. */
    boolean holdChannelList(Runnable answer) {
        if (!holdChannelLists) return false;
        heldChannelLists.add(answer);
        return true;
    }

    void recordAction(AmiFrame action) { actions.add(action); }

    void loginSucceeded() { successfulLogins.incrementAndGet(); }

    void loginFailed(String user) {
        failedLogins.incrementAndGet();
        broadcast(AmiFrame.builder().add("Event", "InvalidPassword").add("Privilege", "security,all")
                .add("Severity", "Error").add("Service", "AMI").add("AccountID", user).build());
    }

    AmiFrame fullyBooted(boolean atBoot) {
        long uptime = atBoot ? 0 : Math.max(0, clock.instant().getEpochSecond() - bootEpoch);
        return AmiFrame.builder().add("Event", "FullyBooted").add("Privilege", "system,all")
                .add("Uptime", Long.toString(uptime)).add("LastReload", Long.toString(uptime))
                .add("Status", "Fully Booted").build();
    }

    EmulatedChannel channelNamed(String name) {
        synchronized (channels) {
            for (EmulatedChannel c : channels.values()) if (c.channel().equals(name)) return c;
        }
        return null;
    }

    /**
     * The OriginateResponse event of an Originate, to every session (Asterisk sends it to every manager allowed
     * {@code call} events): ActionID as received, Uniqueid = the requested ChannelId (or a fresh one) on success.
     */
    void originateResponse(AmiFrame action, String actionId) {
        if (holdOriginateResponses) {
            String response = originateResponse;
            int reason = originateReason;
            heldOriginateResponses.add(() -> originateResponse(action, actionId, response, reason));
            return;
        }
        originateResponse(action, actionId, originateResponse, originateReason);
    }

    private void originateResponse(AmiFrame action, String actionId, String originateResponse, int originateReason) {
        boolean success = "Success".equalsIgnoreCase(originateResponse);
        String uniqueId = action.has("ChannelId") ? action.get("ChannelId") : nextUniqueId();
        AmiFrame.Builder b = AmiFrame.builder().add("Event", "OriginateResponse").add("Privilege", "call,all");
        if (actionId != null) b.add("ActionID", actionId);
        broadcast(b.add("Response", originateResponse).add("Channel", action.getOrEmpty("Channel"))
                .add("Context", action.getOrEmpty("Context")).add("Exten", action.getOrEmpty("Exten"))
                .add("Application", "").add("Data", "").add("Reason", originateReason)
                .add("Uniqueid", success ? uniqueId : "<null>")
                .add("CallerIDNum", action.has("CallerID") ? action.get("CallerID") : "<unknown>")
                .add("CallerIDName", "<unknown>").build());
    }

    /** AMI Hangup of one leg ends the call: every leg sharing its Linkedid hangs up too (a two-party bridge). */
    void hangupCall(EmulatedChannel target, int cause) {
        List<EmulatedChannel> legs = new ArrayList<>();
        synchronized (channels) {
            for (EmulatedChannel c : channels.values()) {
                if (c.uniqueId().equals(target.uniqueId()) || c.linkedId().equals(target.linkedId())) legs.add(c);
            }
            for (EmulatedChannel c : legs) channels.remove(c.uniqueId());
        }
        for (EmulatedChannel c : legs) broadcast(c.hangup(cause));
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private void accept(NetSocket socket) {
        AmiSession session = new AmiSession(socket, this);
        sessions.add(session);
        socket.closeHandler(v -> sessions.remove(session));
    }

    private void put(EmulatedChannel c) {
        synchronized (channels) {
            channels.put(c.uniqueId(), c);
        }
    }

    /** Keeps the table in step with channel events that pass through (emitted, replayed, generated). */
    private void apply(AmiFrame f) {
        String event = f.event();
        String id = f.get("Uniqueid");
        if (event == null || id == null) return;
        switch (event) {
            case "Newchannel" -> put(new EmulatedChannel(id, f.get("Linkedid"), f.getOrEmpty("Channel"),
                    f.get("AccountCode"), f.get("CallerIDNum"), f.get("Exten"), f.get("ChannelStateDesc"),
                    f.get("Context"), clock.instant()));
            case "Newstate" -> {
                synchronized (channels) {
                    channels.computeIfPresent(id, (k, old) -> old.withState(f.getOrEmpty("ChannelStateDesc")));
                }
            }
            case "Hangup" -> {
                synchronized (channels) {
                    channels.remove(id);
                }
            }
            default -> { }
        }
    }

    private void broadcast(AmiFrame frame) {
        if (sessions.isEmpty()) return;
        broadcast(Buffer.buffer(frame.toWire()));
    }

    private void broadcast(Buffer wire) {
        for (AmiSession s : sessions) s.sendEvent(wire);
    }

    private Future<Integer> pump(Iterator<AmiFrame> frames) {
        Promise<Integer> done = Promise.promise();
        context.runOnContext(v -> pumpBatch(frames, done, new int[1]));
        return done.future();
    }

    /** Writes a batch, then yields the event loop; waits while a socket's write queue is full (backpressure). */
    private void pumpBatch(Iterator<AmiFrame> frames, Promise<Integer> done, int[] sent) {
        for (AmiSession s : sessions) {
            if (s.loggedIn() && s.writeQueueFull()) {
                vertx.setTimer(1, t -> pumpBatch(frames, done, sent));
                return;
            }
        }
        if (coalesceReplays) {
            Buffer batch = Buffer.buffer(PUMP_BATCH * 512);
            for (int i = 0; i < PUMP_BATCH && frames.hasNext(); i++) {
                AmiFrame f = frames.next();
                apply(f);
                batch.appendBytes(f.toWire());
                sent[0]++;
            }
            for (AmiSession s : sessions) s.sendEvent(batch);
        } else {
            for (int i = 0; i < PUMP_BATCH && frames.hasNext(); i++) {
                AmiFrame f = frames.next();
                apply(f);
                broadcast(f);
                sent[0]++;
            }
        }
        if (frames.hasNext()) context.runOnContext(v -> pumpBatch(frames, done, sent));
        else done.complete(sent[0]);
    }

    private Future<Void> onContext(Runnable action) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.run();
                done.complete();
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }
}
