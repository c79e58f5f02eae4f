package io.callguard.bench;

import io.callguard.testkit.CaptureAssumptions;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bare-vertx+ami baseline over real sockets: BareResponder with its AMI reader, loaded by FastAgiLoad's runner
 * with the emulated Asterisk AMI, started after the responder as in the benchmark script.
 */
class BareResponderAmiTest {
    /** Greeting with the login's answer, FullyBooted, SuccessfulAuth: what every login brings. */
    private static final long LOGIN_FRAMES = 3;
    private static final int CALLS = 40;

    private Vertx server;
    private Vertx generator;
    private BareResponder.AmiReader reader;

    @BeforeEach
    void setUp() {
        server = Vertx.vertx();
        generator = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (reader != null) reader.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        generator.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theAmiReaderLogsInOnceTheCompanionIsUpCountsEveryFrameAndTheFastAgiAnswerIsUnchanged() throws Exception {
        String captures = CaptureAssumptions.requireCaptures().toString();
        NetServer agi = BareResponder.start(server, "127.0.0.1", 0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        int amiPort = freePort();
        reader = new BareResponder.AmiReader(server, "127.0.0.1", amiPort);
        reader.start(); // nothing listens yet: it must keep trying
        // one lane: exactly CALLS calls (more lanes would start a few past the count, in the drain)
        LoadOptions options = LoadOptions.parse(new String[] {"--target", "bare-vertx+ami",
                "--port", Integer.toString(agi.actualPort()), "--concurrency", "1", "--calls", Integer.toString(CALLS),
                "--ami-port", Integer.toString(amiPort), "--ami-frames", "asterisk", "--captures", captures,
                "--ami-wait", "10", "--threads", "1"});

        AmiCompanion ami = FastAgiLoad.startAmi(generator, options); // returns once the reader has logged in
        LoadReport report;
        try {
            report = new LoadRunner(generator, options, ami).run();
            ami.flushed().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            // every session got the MSet: an ALLOW in one round trip, so every call played its 8 frames
            assertThat(report.stats().decisions()).isEqualTo(CALLS);
            assertThat(report.stats().verdict("ALLOW")).isEqualTo(CALLS);
            assertThat(report.stats().errors()).isZero();
            assertThat(report.stats().roundTripsPerDecision()).isEqualTo(1.0);
            long expected = LOGIN_FRAMES + 8L * CALLS;
            assertThat(awaitAtLeast(reader::frames, expected)).isEqualTo(expected);
            assertThat(report.toJson().getString("ami")).isEqualTo("asterisk, 8 frames per answered call");
        } finally {
            ami.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAmiReaderLogsInAgainWhenTheNextRunBringsANewCompanion() throws Exception {
        String captures = CaptureAssumptions.requireCaptures().toString();
        int amiPort = freePort();
        reader = new BareResponder.AmiReader(server, "127.0.0.1", amiPort);
        reader.start();
        LoadOptions options = LoadOptions.parse(new String[] {"--port", "1", "--ami-port", Integer.toString(amiPort),
                "--captures", captures, "--ami-wait", "10"});

        AmiCompanion first = FastAgiLoad.startAmi(generator, options);
        first.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        AmiCompanion second = FastAgiLoad.startAmi(generator, options); // the closed loop's run, then the rate's
        try {
            assertThat(second.loggedInSessions()).isEqualTo(1);
            assertThat(awaitAtLeast(reader::frames, 2 * LOGIN_FRAMES)).isEqualTo(2 * LOGIN_FRAMES);
        } finally {
            second.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The counter once it reaches {@code target}, or as it is after 10 s. */
    private static long awaitAtLeast(LongSupplier counter, long target) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.getAsLong() < target && System.nanoTime() < end) Thread.onSpinWait();
        return counter.getAsLong();
    }

    /** A port free at the time of asking (the companion listens on a fixed port, as in the bench). */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
