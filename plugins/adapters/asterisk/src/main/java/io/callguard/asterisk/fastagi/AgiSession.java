package io.callguard.asterisk.fastagi;

import io.callguard.core.calls.CallMdc;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionStage;
import io.callguard.core.policy.FailurePolicy;
import io.callguard.core.policy.Direction;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One FastAGI connection: read the header, decide within the deadline, send the commands one reply at a time,
 * close. Every method runs on the connection's event-loop context (engine completions hop back to it), so the
 * state needs no locking. Any exception closes this session only.
 *
 * <p>Lines are cut from the received bytes here (no record parser, no string per header line: {@link AgiHeader}
 * reads the bytes). One Vert.x timer serves the whole session: each phase (header, decision, reply) only moves
 * {@link #deadline}; the timer is armed once at the start for the shortest phase limit and, when it fires before
 * the current deadline, re-armed for the rest. A session answered in time thus costs one timer set and one cancel.
 */
final class AgiSession {
    private static final Logger LOG = LoggerFactory.getLogger(AgiSession.class);
    private static final String HANGUP = "HANGUP";
    private static final long NO_TIMER = -1;

    private enum State { HEADER, DECIDING, REPLYING, CLOSED }

    private final SessionSupport support;
    private final NetSocket socket;
    private final Context context;
    private final Vertx vertx;
    private final AgiHeader header;
    private final AgiReplyReader replies = new AgiReplyReader();
    private State state = State.HEADER;
    private boolean receivedAnything;
    private boolean hungUp;
    private long timer = NO_TIMER;
    /** When the timer is due to fire ({@link System#nanoTime()}), valid while {@code timer != NO_TIMER}. */
    private long timerDue;
    /** When the current phase runs out ({@link System#nanoTime()}). */
    private long deadline;
    /** The bytes of a line not yet ended by '\n' (null until a line spans two reads). */
    private byte[] partial;
    private int partialLength;
    private List<String> commands;
    private int nextCommand;
    /** {@link System#nanoTime()} when the header was complete: the answer's latency starts there. */
    private long headerCompleteAt;
    /** The policy that settled the decision being sent ({@link FastAgiMetrics#FAILSAFE} for a fail-safe answer). */
    private String settledBy = FastAgiMetrics.FAILSAFE;
    /** The call's uniqueid and account code once the header is read: the MDC of every step after it. */
    private String callUniqueId;
    private String callAccount;

    AgiSession(SessionSupport support, NetSocket socket, Context context) {
        this.support = support;
        this.socket = socket;
        this.context = context;
        this.vertx = support.vertx();
        this.header = new AgiHeader(support.options().maxHeaderLines());
    }

    /** Installs the handlers and the session's timer; call on the connection's context. */
    void start() {
        socket.handler(data -> {
            if (state == State.CLOSED) return;
            receivedAnything = true;
            guarded(() -> onBytes(data));
        });
        socket.exceptionHandler(e -> guarded(() -> {
            LOG.debug("FastAGI {}: socket error: {}", remote(), e.toString());
            close();
        }));
        socket.closeHandler(v -> guarded(this::onPeerClosed));
        // Lets NetServer.shutdown(drain) wait for this session instead of closing it at once.
        socket.shutdownHandler(v -> { });
        FastAgiOptions o = support.options();
        long now = System.nanoTime();
        deadline = now + o.headerTimeout().toNanos();
        // the shortest limit a session may meet first: in time sessions never see this timer fire
        armTimer(now, Math.min(o.headerTimeout().toNanos(), o.decisionDeadline().toNanos()));
    }

    /** Closes from any thread (server stop). */
    void closeFromOutside() {
        context.runOnContext(v -> guarded(this::close));
    }

    // ---- lines ----

    /** Cuts the received bytes into '\n'-ended lines; a line longer than fastagi.maxLineLength ends the session. */
    private void onBytes(Buffer data) {
        byte[] bytes = data.getBytes();
        int max = support.options().maxLineLength();
        int from = 0;
        while (from < bytes.length && state != State.CLOSED) {
            int end = indexOfNewline(bytes, from);
            int pieceEnd = end < 0 ? bytes.length : end;
            if (partialLength + (pieceEnd - from) > max) {
                malformed("line longer than " + max + " bytes");
                return;
            }
            if (end < 0) {
                keepPartial(bytes, from, bytes.length);
                return;
            }
            if (partialLength == 0) {
                onLine(bytes, from, end);
            } else {
                keepPartial(bytes, from, end);
                int n = partialLength;
                partialLength = 0;
                onLine(partial, 0, n);
            }
            from = end + 1;
        }
    }

    private void keepPartial(byte[] bytes, int from, int to) {
        int n = to - from;
        if (partial == null) partial = new byte[Math.max(256, partialLength + n)];
        else if (partial.length < partialLength + n) partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + n));
        System.arraycopy(bytes, from, partial, partialLength, n);
        partialLength += n;
    }

    private static int indexOfNewline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }

    /** One line, {@code bytes[from, to)} without its '\n'; a trailing CR is dropped. */
    private void onLine(byte[] bytes, int from, int to) {
        if (to > from && bytes[to - 1] == '\r') to--;
        switch (state) {
            case HEADER -> onHeaderLine(bytes, from, to);
            case DECIDING -> onLineWhileDeciding(new String(bytes, from, to - from, StandardCharsets.UTF_8));
            case REPLYING -> onReplyLine(new String(bytes, from, to - from, StandardCharsets.UTF_8));
            case CLOSED -> { }
        }
    }

    // ---- header ----

    private void onHeaderLine(byte[] bytes, int from, int to) {
        switch (header.accept(bytes, from, to)) {
            case MORE -> { }
            case MALFORMED -> malformed(header.problem());
            case COMPLETE -> onHeaderComplete();
        }
    }

    private void onHeaderTimeout() {
        malformed("no complete header within " + support.options().headerTimeout().toMillis() + " ms ("
                + header.lines() + " lines)");
    }

    private void malformed(String what) {
        if (state == State.CLOSED) return;
        support.counters().malformed.increment();
        support.peerWarnings().warn("FastAGI {}: closing malformed session: {}", remote(), LogText.of(what));
        close();
    }

    // ---- decision ----

    private void onHeaderComplete() {
        headerCompleteAt = System.nanoTime();
        state = State.DECIDING;
        Direction direction = header.direction();
        if (direction == null) {
            support.counters().unknownScripts.increment();
            support.unknownScripts().unknown(header.script(), remote());
            send(FailurePolicy.onUnknownRequest(isEmergency()));
            return;
        }
        AgiAttribution.Result from = support.attribution().serverOf(header.asterisk(), socket.remoteAddress());
        if (from != null && !from.known()) {
            // several Asterisk servers and this session's cannot be told: its Uniqueid would be ambiguous
            support.counters().policyErrors.increment();
            support.peerWarnings().warn("FastAGI {}: no configured Asterisk server matches this session ({}='{}'),"
                    + " answering the failure decision", remote(), AgiAttribution.PARAMETER, LogText.of(header.asterisk()));
            send(FailurePolicy.onFailure(AgiAttribution.UNKNOWN_ASTERISK, isEmergency(), failOpen()));
            return;
        }
        CallRequest request = header.toCallRequest(direction, from == null ? null : from.server());
        callUniqueId = request.uniqueId();
        callAccount = request.accountCode();
        // this step's lines too (the enclosing guarded() puts back what was there)
        CallMdc.set(callUniqueId, callAccount);
        moveDeadline(support.options().decisionDeadline());
        CompletionStage<Decision> decision;
        try {
            decision = support.engine().decide(request);
        } catch (RuntimeException e) {
            onDecided(null, e);
            return;
        }
        CompletionStage<Decision> stage = decision;
        decision.whenComplete((d, err) -> {
            if (Vertx.currentContext() == context) guarded(() -> onDecided(d, err, stage));
            else context.runOnContext(v -> guarded(() -> onDecided(d, err, stage)));
        });
    }

    private void onDecided(Decision decision, Throwable error) { onDecided(decision, error, null); }

    private void onDecided(Decision decision, Throwable error, CompletionStage<Decision> stage) {
        if (state != State.DECIDING) return; // late: the deadline answered, or the caller left
        if (decision != null) {
            String policy = stage == null ? null : DecisionStage.settledBy(stage);
            if (policy != null) settledBy = policy;
            send(decision);
            return;
        }
        support.counters().policyErrors.increment();
        support.peerWarnings().warn("FastAGI {}: decision failed for {}, answering the failure decision: {}", remote(),
                LogText.of(header.dialled()), LogText.of(String.valueOf(error)));
        send(FailurePolicy.onFailure(FailurePolicy.ERROR, isEmergency(), failOpen()));
    }

    private void onDeadline() {
        support.counters().deadlineHits.increment();
        support.peerWarnings().warn("FastAGI {}: no decision within {} ms, answering the failure decision", remote(),
                support.options().decisionDeadline().toMillis());
        send(FailurePolicy.onFailure(FailurePolicy.DEADLINE, isEmergency(), failOpen()));
    }

    private boolean isEmergency() {
        try {
            return support.engine().numberingPlan().classify(header.dialled()).isEmergency();
        } catch (RuntimeException e) {
            LOG.warn("FastAGI {}: numbering plan failed on '{}': {}", remote(), LogText.of(header.dialled()), e.toString());
            return false;
        }
    }

    private void onLineWhileDeciding(String line) {
        if (HANGUP.equals(line)) {
            // Asterisk keeps a hung-up channel alive while we hold the session: let it go at once.
            support.counters().hangupsBeforeDecision.increment();
            LOG.debug("FastAGI {}: caller hung up before the decision", remote());
            close();
        } else {
            LOG.debug("FastAGI {}: ignoring unexpected line before the decision: {}", remote(), LogText.of(line));
        }
    }

    // ---- commands and replies ----

    private void send(Decision decision) {
        support.counters().answered(decision.verdict());
        support.metrics().answered(header.direction(), decision, settledBy, headerCompleteAt);
        // one line per decided call, for troubleshooting (the call's uniqueId and accountId are in the MDC)
        if (LOG.isDebugEnabled()) LOG.debug("FastAGI {}: {} {}", remote(), decision.verdict(), decision.reason());
        commands = AgiCommands.forDecision(decision, support.options().useMSet());
        nextCommand = 0;
        state = State.REPLYING;
        sendNextOrClose();
    }

    private void sendNextOrClose() {
        if (nextCommand == commands.size()) {
            close(); // we close first; Asterisk's final HANGUP line is never needed
            return;
        }
        String command = commands.get(nextCommand++);
        socket.write(Buffer.buffer(command.length() + 1).appendString(command).appendByte((byte) '\n'));
        moveDeadline(support.options().replyTimeout());
    }

    private void onReplyLine(String line) {
        if (HANGUP.equals(line) && !replies.inUsage()) {
            hungUp = true; // Asterisk still answers commands on a dead channel: keep waiting for the reply
            return;
        }
        AgiReply reply = replies.accept(line);
        if (reply == null) return;
        if (reply.ok()) {
            sendNextOrClose();
            return;
        }
        support.counters().replyFailures.increment();
        if (reply.status() == AgiReply.DEAD_CHANNEL) {
            LOG.debug("FastAGI {}: channel is dead, stopping: {}", remote(), LogText.of(reply.firstLine()));
        } else {
            support.peerWarnings().warn("FastAGI {}: command '{}' refused: {}", remote(),
                    LogText.of(commands.get(nextCommand - 1)), LogText.of(reply.firstLine()));
        }
        close();
    }

    private void onReplyTimeout() {
        support.counters().replyFailures.increment();
        support.peerWarnings().warn("FastAGI {}: no reply within {} ms{}, closing", remote(),
                support.options().replyTimeout().toMillis(), hungUp ? " (caller had hung up)" : "");
        close();
    }

    // ---- closing ----

    private void onPeerClosed() {
        State was = state;
        state = State.CLOSED;
        try {
            cancelTimer();
            if (was == State.HEADER && receivedAnything) {
                support.counters().malformed.increment();
                support.peerWarnings().warn("FastAGI {}: peer closed before the end of its header ({} lines)",
                        remote(), header.lines());
            } else if (was == State.DECIDING) {
                support.counters().hangupsBeforeDecision.increment();
                LOG.debug("FastAGI {}: peer closed before the decision", remote());
            } else if (was == State.REPLYING) {
                support.counters().replyFailures.increment();
                LOG.debug("FastAGI {}: peer closed while a command was pending", remote());
            }
        } finally {
            support.onClosed().accept(this); // whatever happened above, the server forgets this session
        }
    }

    private void close() {
        if (state == State.CLOSED) return;
        state = State.CLOSED;
        cancelTimer();
        socket.close();
    }

    // ---- the session's one timer ----

    /** Starts a new phase of {@code limit}; re-arms only when the armed timer would fire after the new deadline. */
    private void moveDeadline(java.time.Duration limit) {
        long now = System.nanoTime();
        deadline = now + limit.toNanos();
        if (timer != NO_TIMER && timerDue - deadline <= 0) return; // fires first; re-armed then for the rest
        cancelTimer();
        armTimer(now, deadline - now);
    }

    private void armTimer(long now, long inNanos) {
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(inNanos + 999_999)); // never before the deadline
        timerDue = now + TimeUnit.MILLISECONDS.toNanos(ms);
        timer = vertx.setTimer(ms, id -> guarded(this::onTimer));
    }

    private void onTimer() {
        timer = NO_TIMER;
        if (state == State.CLOSED) return;
        long now = System.nanoTime();
        if (now - deadline < 0) {
            armTimer(now, deadline - now); // armed for an earlier limit than the current phase's
            return;
        }
        switch (state) {
            case HEADER -> onHeaderTimeout();
            case DECIDING -> onDeadline();
            case REPLYING -> onReplyTimeout();
            case CLOSED -> { }
        }
    }

    private void cancelTimer() {
        if (timer != NO_TIMER) {
            vertx.cancelTimer(timer);
            timer = NO_TIMER;
        }
    }

    /**
     * Runs one step of the session (a callback of its socket, timer or decision) with the call in the MDC once the
     * header named it, and puts back the thread's MDC afterwards: an event loop serves the next session clean.
     */
    private void guarded(Runnable step) {
        String uniqueId = CallMdc.uniqueId();
        String accountId = CallMdc.accountId();
        if (callUniqueId != null) CallMdc.set(callUniqueId, callAccount);
        try {
            step.run();
        } catch (Throwable e) {
            LOG.warn("FastAGI {}: unexpected error, closing this session", remote(), e);
            try {
                close();
            } catch (Throwable ignored) {
                // the socket is going away anyway
            }
        } finally {
            CallMdc.restore(uniqueId, accountId);
        }
    }

    private String remote() {
        return String.valueOf(socket.remoteAddress());
    }

    /** The configured failure mode, in the terms of core's {@link FailurePolicy}. */
    private boolean failOpen() { return support.options().failureMode() == FailureMode.OPEN; }
}
