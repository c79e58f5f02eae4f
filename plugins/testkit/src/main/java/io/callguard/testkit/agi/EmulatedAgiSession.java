package io.callguard.testkit.agi;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One emulated Asterisk side of a FastAGI connection; all callbacks run on the socket's context. */
final class EmulatedAgiSession {
    private static final Buffer HANGUP = Buffer.buffer("HANGUP\n");
    private static final int MAX_LINE = 64 * 1024;

    private final Vertx vertx;
    private final NetSocket socket;
    private final AgiEnvironment environment;
    private final AgiBehaviour behaviour;
    private final Promise<AgiSessionResult> result;
    private final EmulatedChannel channel = new EmulatedChannel();
    private final List<String> commands = new ArrayList<>();
    private int roundTrips;
    private long startNanos;
    private long timer = -1;
    private boolean timedOut;
    private boolean closing;
    private String failure;

    EmulatedAgiSession(Vertx vertx, NetSocket socket, AgiEnvironment environment, AgiBehaviour behaviour,
                       Promise<AgiSessionResult> result) {
        this.vertx = vertx;
        this.socket = socket;
        this.environment = environment;
        this.behaviour = behaviour;
        this.result = result;
    }

    void start() {
        RecordParser lines = RecordParser.newDelimited("\n", this::onLine);
        lines.maxRecordSize(MAX_LINE);
        lines.exceptionHandler(e -> {
            failure = "server line longer than " + MAX_LINE + " bytes";
            close();
        });
        socket.handler(lines);
        socket.exceptionHandler(e -> {
            if (failure == null) failure = e.toString();
        });
        // Asterisk answers the server's EOF with a last HANGUP line, then closes.
        socket.endHandler(v -> {
            if (!closing) socket.write(HANGUP.copy());
            close();
        });
        socket.closeHandler(v -> finish());
        timer = vertx.setTimer(behaviour.maxSessionTime().toMillis(), id -> {
            timer = -1;
            timedOut = true;
            failure = "no close from the server within " + behaviour.maxSessionTime().toMillis() + " ms";
            close();
        });
        startNanos = System.nanoTime();
        socket.write(Buffer.buffer(environment.wireBytes()));
        if (behaviour.hangUpAfterCommands() == 0) hangUp();
    }

    private void onLine(Buffer raw) {
        if (closing) return;
        int n = raw.length();
        if (n > 0 && raw.getByte(n - 1) == '\r') n--;
        String line = raw.getString(0, n, StandardCharsets.UTF_8.name());
        commands.add(line);
        if (behaviour.neverAnswer()) return;
        String reply = behaviour.usageErrorFirst() && commands.size() == 1 ? EmulatedChannel.usage(line)
                : behaviour.fixedReply() != null ? behaviour.fixedReply()
                : channel.answer(line);
        socket.write(reply + "\n");
        roundTrips++;
        if (roundTrips == behaviour.hangUpAfterCommands()) hangUp();
    }

    private void hangUp() {
        if (channel.dead()) return;
        channel.hangUp();
        socket.write(HANGUP.copy());
    }

    private void close() {
        if (closing) return;
        closing = true;
        socket.close();
    }

    private void finish() {
        closing = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        AgiSessionResult.Status status = timedOut ? AgiSessionResult.Status.TIMEOUT
                : channel.dead() ? AgiSessionResult.Status.HANGUP : AgiSessionResult.Status.SUCCESS;
        result.tryComplete(new AgiSessionResult(status, commands, channel.variables(), roundTrips,
                Duration.ofNanos(System.nanoTime() - startNanos), failure));
    }
}
