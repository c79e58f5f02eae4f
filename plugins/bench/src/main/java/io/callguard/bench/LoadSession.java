package io.callguard.bench;

import io.callguard.testkit.agi.AgiArguments;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The Asterisk side of one FastAGI session, lean enough for load: sends the prepared header, answers each command
 * as Asterisk 22's res_agi does ({@code EXEC} → {@code 200 result=0}, {@code SET VARIABLE} → {@code 200 result=1}),
 * keeps only CALLGUARD_VERDICT and CALLGUARD_REASON, and after the server's EOF writes the final {@code HANGUP} line
 * and closes, as Asterisk does. Unlike the testkit's EmulatedAgiClient it keeps no command log, no variable map and
 * no timer per session (the runner sweeps for timeouts). All callbacks run on the socket's event loop.
 */
final class LoadSession {
    private static final Buffer HANGUP = Buffer.buffer("HANGUP\n");
    private static final Buffer RESULT_0 = Buffer.buffer("200 result=0\n");
    private static final Buffer RESULT_1 = Buffer.buffer("200 result=1\n");
    private static final Buffer UNKNOWN = Buffer.buffer("510 Invalid or unknown command\n");
    private static final int MAX_LINE = 64 * 1024;
    private static final String VERDICT = "CALLGUARD_VERDICT";
    private static final String REASON = "CALLGUARD_REASON";
    private static final String CAUSE = "CALLGUARD_CAUSE";

    private final NetSocket socket;
    private final Consumer<SessionOutcome> done;
    private long startNanos;
    private long endNanos;
    private int roundTrips;
    private String verdict;
    private String reason;
    private String cause;
    private String failure;
    private long originNanos;
    private boolean timedOut;
    private boolean finished;

    LoadSession(NetSocket socket, Consumer<SessionOutcome> done) {
        this.socket = socket;
        this.done = done;
    }

    /**
     * Sends the header and runs the session. Latency is measured from {@code originNanos} (an offered-rate run: the
     * call's scheduled start, so that time queued before the header was sent counts), or from the header's write
     * when it is 0 (closed loop).
     */
    void start(byte[] header, long originNanos) {
        this.originNanos = originNanos;
        RecordParser lines = RecordParser.newDelimited("\n", this::onLine);
        lines.maxRecordSize(MAX_LINE);
        lines.exceptionHandler(e -> {
            failure = "server line longer than " + MAX_LINE + " bytes";
            socket.close();
        });
        socket.handler(lines);
        socket.exceptionHandler(e -> {
            if (failure == null) failure = e.toString();
        });
        socket.endHandler(v -> {
            endNanos = System.nanoTime();
            socket.write(HANGUP.copy());
            socket.close();
        });
        socket.closeHandler(v -> finish());
        startNanos = System.nanoTime();
        socket.write(Buffer.buffer(header));
    }

    long startNanos() { return startNanos; }

    /** Gives up on the session (called on its event loop by the runner's sweep). */
    void timeOut() {
        if (finished) return;
        timedOut = true;
        socket.close();
    }

    private void onLine(Buffer raw) {
        int n = raw.length();
        if (n > 0 && raw.getByte(n - 1) == '\r') n--;
        if (n == 0) return;
        String line = raw.getString(0, n, StandardCharsets.UTF_8.name());
        socket.write(answer(line));
        roundTrips++;
    }

    private Buffer answer(String line) {
        java.util.List<String> args = AgiArguments.parse(line);
        String first = args.isEmpty() ? "" : args.get(0);
        if (first.equalsIgnoreCase("EXEC") && args.size() >= 2) {
            String app = args.get(1);
            String options = args.size() > 2 ? args.get(2) : "";
            if (app.equalsIgnoreCase("MSet")) {
                for (String assignment : options.split(",")) assign(assignment);
            } else if (app.equalsIgnoreCase("Set")) {
                assign(options);
            }
            return RESULT_0.copy();
        }
        if (first.equalsIgnoreCase("SET") && args.size() >= 4 && args.get(1).equalsIgnoreCase("VARIABLE")) {
            record(args.get(2), args.get(3));
            return RESULT_1.copy();
        }
        if (first.equalsIgnoreCase("GET") || first.equalsIgnoreCase("NOOP")) return RESULT_0.copy();
        if (first.equalsIgnoreCase("VERBOSE") || first.equalsIgnoreCase("HANGUP")) return RESULT_1.copy();
        return UNKNOWN.copy();
    }

    private void assign(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq > 0) record(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
    }

    private void record(String name, String value) {
        if (VERDICT.equals(name)) verdict = value;
        else if (REASON.equals(name)) reason = value;
        else if (CAUSE.equals(name)) cause = value;
    }

    private void finish() {
        if (finished) return;
        finished = true;
        long latency = endNanos == 0 ? 0 : endNanos - (originNanos != 0 ? originNanos : startNanos);
        SessionOutcome.Kind kind;
        if (timedOut) kind = SessionOutcome.Kind.TIMEOUT;
        else if (endNanos == 0 && failure != null) kind = SessionOutcome.Kind.FAILED;
        else if (verdict == null) kind = SessionOutcome.Kind.NO_VERDICT;
        else kind = SessionOutcome.Kind.DECIDED;
        if (kind == SessionOutcome.Kind.TIMEOUT && failure == null) failure = "no close from the server in time";
        if (kind == SessionOutcome.Kind.NO_VERDICT && failure == null) failure = "closed without " + VERDICT;
        done.accept(new SessionOutcome(kind, latency, roundTrips, verdict, reason, failure, cause));
    }
}
