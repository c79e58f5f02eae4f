package io.callguard.bench;

import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The Asterisk AMI side of a load run: the testkit's EmulatedAmiServer on a fixed port of 127.0.0.1, so that the
 * server under test can be configured with it before the run.
 *
 * <p>{@link Mode#ASTERISK} (the default) sends per call what a real Asterisk 22 sends through the shipped filter
 * ({@link AsteriskCallFrames}, from the {@code outbound-answered} capture): the caller's Newchannel before the FastAGI
 * session; after an ALLOW the dial (callee Newchannel, Newstate Ringing, DialBegin), then after {@code answerDelay}
 * the answer (callee Newstate Up, DialEnd, caller Newstate Up), then after {@code hold} both Hangups; after a
 * DENY the caller's Hangup with the verdict's cause. A negative {@code hold} keeps answered calls up until
 * {@link #hangUpAll()} (the memory benchmark). {@link Mode#MINIMAL} is the former two-frame play: Newchannel before,
 * Hangup right after.
 */
final class AmiCompanion {
    static final String USERNAME = "callguard";
    /** The secret the benchmark script gives callguard (CALLGUARD_AMI_SECRET); loopback only, not a real secret. */
    static final String SECRET = "bench-secret";
    private static final int NORMAL_CLEARING = 16;

    /** Which AMI frames a call produces. */
    enum Mode {
        /** Real Asterisk 22 frames through the shipped filter: 9 per answered call, 2 per denied call. */
        ASTERISK,
        /** Newchannel before the AGI, Hangup after it (2 frames, one leg). */
        MINIMAL
    }

    private final Vertx vertx;
    private final EmulatedAmiServer ami;
    private final Mode mode;
    private final AsteriskCallFrames frames;
    private final Duration answerDelay;
    private final Duration hold;
    /** Answered calls kept up (negative hold, or {@link #keepAnsweredCalls}), for {@link #hangUpAll()}. */
    private final ConcurrentLinkedQueue<BenchCall> kept = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger keptCount = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean keepUp;
    /** Per call, when its Newchannel and its Hangup were written (epoch ms), by Uniqueid; null: not logged. */
    private final java.util.concurrent.ConcurrentHashMap<String, long[]> callTimes;

    /** The former two-frame companion (tests, {@code --ami-frames minimal}). */
    AmiCompanion(Vertx vertx) {
        this(vertx, Mode.MINIMAL, null, Duration.ZERO, Duration.ZERO);
    }

    /**
     * @param frames      the real call's frames (required in {@link Mode#ASTERISK})
     * @param answerDelay dial → answer
     * @param hold        answer → hang-up; negative: never (until {@link #hangUpAll()})
     */
    AmiCompanion(Vertx vertx, Mode mode, AsteriskCallFrames frames, Duration answerDelay, Duration hold) {
        if (mode == Mode.ASTERISK && frames == null) throw new IllegalArgumentException("ASTERISK mode needs frames");
        this.vertx = vertx;
        this.ami = new EmulatedAmiServer(vertx, USERNAME, SECRET);
        this.mode = mode;
        this.frames = frames;
        this.answerDelay = answerDelay;
        this.hold = hold;
        this.callTimes = null;
    }

    /** A copy of {@code other}'s settings that also notes when each call's Newchannel and Hangup were written. */
    private AmiCompanion(AmiCompanion other, boolean logCalls) {
        this.vertx = other.vertx;
        this.ami = other.ami;
        this.mode = other.mode;
        this.frames = other.frames;
        this.answerDelay = other.answerDelay;
        this.hold = other.hold;
        this.callTimes = logCalls ? new java.util.concurrent.ConcurrentHashMap<>() : null;
    }

    /** This companion, noting the times {@link #writeCallLog} writes (before {@link #start}). */
    AmiCompanion loggingCalls() { return new AmiCompanion(this, true); }

    /**
     * Writes one line per call, {@code <uniqueid> <newchannel ms> <hangup ms>} (epoch ms when the frames were written
     * to the AMI sockets, -1 when not sent), sorted by Newchannel.
     */
    void writeCallLog(java.nio.file.Path file) throws java.io.IOException {
        if (callTimes == null) throw new IllegalStateException("calls are not logged");
        List<String> lines = new ArrayList<>();
        callTimes.entrySet().stream().sorted(java.util.Comparator.comparingLong(e -> e.getValue()[0]))
                .forEach(e -> lines.add(e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1]));
        if (file.getParent() != null) java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, lines);
    }

    /** Notes when {@code written} completed: slot 0 the Newchannel, 1 the Hangup. */
    private Future<Void> noted(Future<Void> written, BenchCall call, int slot) {
        if (callTimes == null) return written;
        return written.onSuccess(v -> callTimes.computeIfAbsent(call.uniqueId(), k -> new long[] {-1, -1})[slot]
                = System.currentTimeMillis());
    }

    /** Starts the emulated server on {@code 127.0.0.1:port}. */
    Future<Void> start(int port) {
        return ami.start(port).mapEmpty();
    }

    int loggedInSessions() { return ami.loggedInSessions(); }

    /** What a call sends, for the run's header. */
    String describe() {
        if (mode == Mode.MINIMAL) return "2 frames per call (minimal: Newchannel before the AGI, Hangup after)";
        return frames.describe() + "; answer after " + answerDelay.toMillis() + " ms, hang-up "
                + (hold.isNegative() ? "never (calls kept live)" : "after " + hold.toMillis() + " ms");
    }

    /** In a few words, for the run's report: which frames and how many per call. */
    String summary() {
        return mode == Mode.MINIMAL ? "minimal, 2 frames per call"
                : "asterisk, " + frames.framesPerAnsweredCall() + " frames per answered call";
    }

    /** Before the AGI session: the caller's Newchannel. Completes once written to the AMI sockets. */
    Future<Void> callStarts(BenchCall call) {
        if (mode == Mode.MINIMAL) {
            return noted(ami.addChannel(call.uniqueId(), call.uniqueId(), call.channel(), call.account(), call.caller(),
                    call.callee(), "Ring"), call, 0);
        }
        return noted(ami.emitWire(frames.render(AsteriskCallFrames.Phase.BEFORE_AGI, call)), call, 0);
    }

    /**
     * After the AGI session: what the dialplan does with the verdict. {@code verdict} null (no verdict, an error):
     * the call is hung up with cause 16.
     */
    void callDecided(BenchCall call, String verdict, String cause) {
        if (mode == Mode.MINIMAL) {
            noted(ami.hangup(call.uniqueId(), NORMAL_CLEARING), call, 1);
            return;
        }
        if (!"ALLOW".equals(verdict)) {
            noted(ami.emitWire(List.of(frames.deniedHangup(call, causeOf(verdict, cause)))), call, 1);
            return;
        }
        ami.emitWire(frames.render(AsteriskCallFrames.Phase.DIAL, call));
        later(answerDelay, () -> {
            ami.emitWire(frames.render(AsteriskCallFrames.Phase.ANSWER, call));
            if (keepUp || hold.isNegative()) {
                kept.add(call);
                keptCount.incrementAndGet();
            } else {
                later(hold, () -> noted(ami.emitWire(frames.render(AsteriskCallFrames.Phase.HANG_UP, call)), call, 1));
            }
        });
    }

    /** From now on, answered calls stay up (no Hangup) until {@link #hangUpAll()}: the memory benchmark. */
    void keepAnsweredCalls(boolean keep) { this.keepUp = keep; }

    /** Number of answered calls kept up. */
    int keptCalls() { return keptCount.get(); }

    /** Hangs up every call kept up; completes once all the Hangup frames are written. */
    Future<Void> hangUpAll() {
        List<Future<Void>> written = new ArrayList<>();
        for (BenchCall c; (c = kept.poll()) != null; ) {
            keptCount.decrementAndGet();
            written.add(ami.emitWire(frames.render(AsteriskCallFrames.Phase.HANG_UP, c)));
        }
        return Future.all(written).mapEmpty();
    }

    /** Completes after every frame sent so far is written (the emulator applies them in order). */
    Future<Void> flushed() { return ami.emitWire(List.<Buffer>of()); }

    Future<Void> close() { return ami.close(); }

    private void later(Duration delay, Runnable action) {
        if (delay.isZero() || delay.isNegative()) action.run();
        else vertx.setTimer(delay.toMillis(), id -> action.run());
    }

    private static int causeOf(String verdict, String cause) {
        if (verdict == null || cause == null || cause.isBlank()) return NORMAL_CLEARING;
        try {
            return Integer.parseInt(cause.trim());
        } catch (NumberFormatException e) {
            return NORMAL_CLEARING;
        }
    }
}
