package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.FailurePolicy;
import io.callguard.core.policy.Direction;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One FastAGI connection: read the header, decide within the deadline, send the commands one reply at a time,
 * close. Every method runs on the connection's event-loop context (engine completions hop back to it), so the
 * state needs no locking. Any exception closes this session only.
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
    private List<String> commands;
    private int nextCommand;

    AgiSession(SessionSupport support, NetSocket socket, Context context) {
        this.support = support;
        this.socket = socket;
        this.context = context;
        this.vertx = support.vertx();
        this.header = new AgiHeader(support.options().maxHeaderLines());
    }

    /** Installs the handlers and the header timer; call on the connection's context. */
    void start() {
        RecordParser lines = RecordParser.newDelimited("\n", this::onLineGuarded);
        lines.maxRecordSize(support.options().maxLineLength());
        lines.exceptionHandler(e -> guarded(() -> malformed("line longer than " + support.options().maxLineLength() + " bytes")));
        socket.handler(data -> {
            if (state == State.CLOSED) return;
            receivedAnything = true;
            lines.handle(data);
        });
        socket.exceptionHandler(e -> guarded(() -> {
            LOG.debug("FastAGI {}: socket error: {}", remote(), e.toString());
            close();
        }));
        socket.closeHandler(v -> guarded(this::onPeerClosed));
        // Lets NetServer.shutdown(drain) wait for this session instead of closing it at once.
        socket.shutdownHandler(v -> { });
        timer = vertx.setTimer(support.options().headerTimeout().toMillis(), id -> guarded(this::onHeaderTimeout));
    }

    /** Closes from any thread (server stop). */
    void closeFromOutside() {
        context.runOnContext(v -> guarded(this::close));
    }

    // ---- header ----

    private void onLineGuarded(Buffer raw) {
        if (state == State.CLOSED) return;
        guarded(() -> onLine(raw));
    }

    private void onLine(Buffer raw) {
        String line = decode(raw);
        switch (state) {
            case HEADER -> onHeaderLine(line);
            case DECIDING -> onLineWhileDeciding(line);
            case REPLYING -> onReplyLine(line);
            case CLOSED -> { }
        }
    }

    private void onHeaderLine(String line) {
        switch (header.accept(line)) {
            case MORE -> { }
            case MALFORMED -> malformed(header.problem());
            case COMPLETE -> onHeaderComplete();
        }
    }

    private void onHeaderTimeout() {
        timer = NO_TIMER;
        if (state != State.HEADER) return;
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
        cancelTimer();
        state = State.DECIDING;
        Direction direction = header.direction();
        if (direction == null) {
            support.counters().unknownScripts.increment();
            support.unknownScripts().unknown(header.script(), remote());
            send(FailurePolicy.onUnknownRequest(isEmergency()));
            return;
        }
        CallRequest request = header.toCallRequest(direction);
        timer = vertx.setTimer(support.options().decisionDeadline().toMillis(), id -> guarded(this::onDeadline));
        CompletionStage<Decision> decision;
        try {
            decision = support.engine().decide(request);
        } catch (RuntimeException e) {
            onDecided(null, e);
            return;
        }
        decision.whenComplete((d, err) -> {
            if (Vertx.currentContext() == context) guarded(() -> onDecided(d, err));
            else context.runOnContext(v -> guarded(() -> onDecided(d, err)));
        });
    }

    private void onDecided(Decision decision, Throwable error) {
        if (state != State.DECIDING) return; // late: the deadline answered, or the caller left
        cancelTimer();
        if (decision != null) {
            send(decision);
            return;
        }
        support.counters().policyErrors.increment();
        support.peerWarnings().warn("FastAGI {}: decision failed for {}, answering the failure decision: {}", remote(),
                LogText.of(header.dialled()), LogText.of(String.valueOf(error)));
        send(FailurePolicy.onFailure(FailurePolicy.ERROR, isEmergency(), failOpen()));
    }

    private void onDeadline() {
        timer = NO_TIMER;
        if (state != State.DECIDING) return;
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
        timer = vertx.setTimer(support.options().replyTimeout().toMillis(), id -> guarded(this::onReplyTimeout));
    }

    private void onReplyLine(String line) {
        if (HANGUP.equals(line) && !replies.inUsage()) {
            hungUp = true; // Asterisk still answers commands on a dead channel: keep waiting for the reply
            return;
        }
        AgiReply reply = replies.accept(line);
        if (reply == null) return;
        cancelTimer();
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
        timer = NO_TIMER;
        if (state != State.REPLYING) return;
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

    private void cancelTimer() {
        if (timer != NO_TIMER) {
            vertx.cancelTimer(timer);
            timer = NO_TIMER;
        }
    }

    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (Throwable e) {
            LOG.warn("FastAGI {}: unexpected error, closing this session", remote(), e);
            try {
                close();
            } catch (Throwable ignored) {
                // the socket is going away anyway
            }
        }
    }

    private String remote() {
        return String.valueOf(socket.remoteAddress());
    }

    private static String decode(Buffer raw) {
        int n = raw.length();
        if (n > 0 && raw.getByte(n - 1) == '\r') n--;
        return raw.getString(0, n, StandardCharsets.UTF_8.name());
    }

    /** The configured failure mode, in the terms of core's {@link FailurePolicy}. */
    private boolean failOpen() { return support.options().failureMode() == FailureMode.OPEN; }
}
