package io.callguard.records.build;

import io.callguard.asterisk.ami.AmiClient;
import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.control.CallEvent;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRater;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordHashes;
import io.callguard.core.time.MutableClock;
import io.callguard.records.chain.ChainOptions;
import io.callguard.records.chain.ChainVerifier;
import io.callguard.records.chain.CheckpointSigner;
import io.callguard.records.chain.RecordWriter;
import io.callguard.testkit.CaptureAssumptions;
import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rating inside the records, end to end on the real path: each real Asterisk 22 capture replayed through the
 * emulated AMI server and the adapter's AMI client over a socket (as {@link CallRecordCaptureReplayTest}), the builder's
 * records through {@link RecordRating} with a stub rater (0.15 EUR/min per second after a first 30 s, answered
 * outbound calls only) into the chain's {@link RecordWriter} with signed checkpoints; the stored chain carries each
 * answered call's rating and verifies. Skipped without the captures, failed under CI=true.
 */
class RatedCaptureReplayTest {
    private static final String USER = "callguard";
    private static final String SECRET = "s3cret-Pa55-callguard";
    private static final Instant ORIGIN = Instant.parse("2026-11-26T17:00:00Z");
    /** 0.15 EUR/min = 0.25 cent a second. */
    private static final BigDecimal CENTS_PER_SECOND = new BigDecimal("0.25");

    @TempDir Path dir;
    private final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    private Vertx vertx;
    private EmulatedAmiServer server;
    private AmiClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new EmulatedAmiServer(vertx, USER, SECRET);
        await(server.start());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) await(client.stop());
        await(server.close());
        await(vertx.close());
    }

    /** The stub: what the credit module's rater does for a plan with one line, per second after 30 s. */
    private static Optional<CallRating> perSecondAfter30s(CallRecord call) {
        if (call.direction() != Direction.OUTBOUND || call.answeredAt() == null || call.accountId().isEmpty()) {
            return Optional.empty();
        }
        long billed = Math.max(30, call.billableSeconds());
        return Optional.of(new CallRating("pro", 4, "all", billed, CENTS_PER_SECOND.multiply(BigDecimal.valueOf(billed))));
    }

    private record Replayed(InMemoryRecordRepository repo, CheckpointSigner signer, RecordRating rating,
                            Map<String, CapturedCalls.Cdr> cdrs) { }

    private Replayed replay(String scenario, CallRater rater) throws Exception {
        Path amiTxt = CaptureAssumptions.requireScenarioFile(scenario, "ami.txt");
        AmiCapture capture = AmiCapture.read(amiTxt);
        CaptureTimes times = CaptureTimes.read(CaptureAssumptions.requireScenarioFile(scenario, "ami-timed.txt"), ORIGIN);
        Map<String, CapturedCalls.AgiVerdict> verdicts = CapturedCalls.verdicts(amiTxt.resolveSibling("agi.txt"));
        Map<String, CapturedCalls.Cdr> cdrs = CapturedCalls.cdrs(capture);

        MutableClock clock = new MutableClock(ORIGIN);
        InMemoryRecordRepository repo = new InMemoryRecordRepository();
        CheckpointSigner signer = CheckpointSigner.of(CheckpointSigner.generate());
        MutableClock writerClock = new MutableClock(ORIGIN.plus(Duration.ofHours(1)));
        RecordWriter writer = new RecordWriter(repo, options(), writerClock, signer, Runnable::run);
        writer.open();
        RecordRating rating = new RecordRating(() -> Optional.ofNullable(rater), clock, writer::submit);
        CallRecordBuilder builder = new CallRecordBuilder(clock, plan, "127.0.0.1", Duration.ofHours(3), false, rating);
        CallTracker tracker = new CallTracker(Clock.systemUTC());
        tracker.addListener(builder);
        client = new AmiClient(vertx, new AmiOptions("127.0.0.1", server.port(), USER, SECRET, Duration.ofSeconds(5),
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2)), tracker);
        client.addEventListener(event -> {
            Instant at = times.timeOf(event);
            if (at != null) clock.set(at);
            builder.onCallEvent(event);
            if (event instanceof CallEvent.ChannelCreated c && verdicts.containsKey(c.uniqueId())) {
                CapturedCalls.AgiVerdict v = verdicts.get(c.uniqueId());
                builder.onDecision(context(v, clock.instant()), decision(v));
            }
        });
        await(client.start());
        until(() -> client.connected() && !server.actionsReceived("CoreShowChannels").isEmpty());
        await(server.replay(capture.replayableEvents()));
        until(() -> builder.built() >= cdrs.size() && builder.openCalls() == 0);
        while (writer.flush() > 0) writerClock.advance(Duration.ofMillis(200));
        writer.stop(); // the last checkpoint
        return new Replayed(repo, signer, rating, cdrs);
    }

    private List<CallRecord> stored(InMemoryRecordRepository repo) {
        List<CallRecord> out = new ArrayList<>();
        repo.scan("node-a", 1, e -> { if (e.call() != null) out.add(e.call()); });
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"outbound-answered", "max-duration", "concurrent-calls", "caller-hangs-up-during-agi-answered", "outbound-busy",
            "outbound-noanswer", "agi-deny-causes"})
    void eachAnsweredCallIsChainedWithItsRatingAndTheChainVerifies(String scenario) throws Exception {
        Replayed r = replay(scenario, RatedCaptureReplayTest::perSecondAfter30s);
        List<CallRecord> calls = stored(r.repo());

        assertThat(calls).as("one record per call, none lost to its price").hasSize(r.cdrs().size());
        long answered = 0;
        for (CallRecord c : calls) {
            boolean billable = c.answeredAt() != null && c.direction() == Direction.OUTBOUND && !c.accountId().isEmpty();
            if (!billable) {
                assertThat(c.rating()).as("%s: unanswered, inbound or without account: unrated", c.uniqueId()).isNull();
                continue;
            }
            answered++;
            long billed = Math.max(30, c.billableSeconds());
            assertThat(c.rating()).as(c.uniqueId()).isEqualTo(new CallRating("pro", 4, "all", billed,
                    CENTS_PER_SECOND.multiply(BigDecimal.valueOf(billed))));
        }
        boolean answeredScenario = !Set.of("outbound-busy", "outbound-noanswer", "agi-deny-causes").contains(scenario);
        assertThat(answered > 0).as("rated calls in " + scenario).isEqualTo(answeredScenario);
        assertThat(r.rating().rated()).isEqualTo(answered);
        assertThat(r.rating().unrated()).isEqualTo(calls.size() - answered);
        r.repo().scan("node-a", 1, e -> {
            if (e.call() == null) return;
            String form = RecordHashes.canonical(e.node(), e.seq(), e.writtenAt(), e.call(), null, e.prevHash());
            assertThat(form).startsWith(e.call().rating() != null ? "callguard-record|v2\n" : "callguard-record|v1\n");
        });
        ChainVerifier.Result result = new ChainVerifier(r.repo(), r.signer().publicKey()).verify("node-a", 1);
        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.lastCheckpointSeq()).isNotNull();
        if (scenario.equals("outbound-answered")) {
            // the capture's Cdr: ANSWERED 2 s, billed the first 30 s: 7.5 cents
            assertThat(calls.get(0).rating().amountCents()).isEqualTo(new BigDecimal("7.5000"));
        }

        if (!answeredScenario) return;
        // and an amount edited in the store is named by the verifier
        long seq = firstRatedSeq(r.repo());
        r.repo().replaceAsSuperuser("node-a", seq, e -> new RecordEntry(e.node(), e.seq(), e.writtenAt(),
                e.call().withRating(new CallRating("pro", 4, "all", e.call().rating().billedSeconds(), BigDecimal.ONE)),
                null, e.prevHash(), e.hash()));
        ChainVerifier.Result edited = new ChainVerifier(r.repo(), r.signer().publicKey()).verify("node-a", 1);
        assertThat(edited.ok()).isFalse();
        assertThat(edited.firstBroken()).isEqualTo(seq);
        assertThat(edited.problem()).contains("does not match its content");
    }

    private static long firstRatedSeq(InMemoryRecordRepository repo) {
        long[] seq = {-1};
        repo.scan("node-a", 1, e -> { if (seq[0] < 0 && e.call() != null && e.call().rating() != null) seq[0] = e.seq(); });
        assertThat(seq[0]).as("a rated record").isPositive();
        return seq[0];
    }

    @Test
    void aRaterThatThrowsOnOneCallLeavesThatRecordUnratedAndLosesNoCall() throws Exception {
        Set<String> failOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CallRater flaky = call -> {
            // the first answered call the rater sees fails (a bug in a tariff, say); the others are rated
            if (call.answeredAt() != null && (failOn.isEmpty() && failOn.add(call.uniqueId()))) {
                throw new IllegalStateException("tariff line torn");
            }
            return perSecondAfter30s(call);
        };
        Replayed r = replay("concurrent-calls", flaky);
        List<CallRecord> calls = stored(r.repo());

        assertThat(calls).hasSize(r.cdrs().size());
        assertThat(failOn).hasSize(1);
        String failed = failOn.iterator().next();
        assertThat(calls).filteredOn(c -> c.uniqueId().equals(failed)).singleElement()
                .satisfies(c -> assertThat(c.rating()).isNull());
        assertThat(calls).filteredOn(c -> !c.uniqueId().equals(failed) && c.answeredAt() != null).isNotEmpty()
                .allSatisfy(c -> assertThat(c.rating()).isNotNull());
        assertThat(r.rating().failures()).isEqualTo(1);
        ChainVerifier.Result result = new ChainVerifier(r.repo(), r.signer().publicKey()).verify("node-a", 1);
        assertThat(result.ok()).as(result.describe()).isTrue();
    }

    @Test
    void withoutARaterEveryCallIsRecordedUnrated() throws Exception {
        Replayed r = replay("concurrent-calls", null);
        assertThat(stored(r.repo())).hasSize(r.cdrs().size()).allSatisfy(c -> assertThat(c.rating()).isNull());
        assertThat(r.rating().withoutRater()).isEqualTo(r.cdrs().size());
        assertThat(new ChainVerifier(r.repo(), r.signer().publicKey()).verify("node-a", 1).ok()).isTrue();
    }

    private ChainOptions options() {
        ConfigValues v = ConfigValues.defaults(ChainOptions.OPTIONS);
        v.set(ChainOptions.NODE, "node-a", "file");
        v.set(ChainOptions.SPILL_DIR, dir.resolve("spill").toString(), "file");
        v.set(ChainOptions.SIGNING_KEY_FILE, dir.resolve("key.pem").toString(), "file");
        v.set(ChainOptions.CHECKPOINT_EVERY, "2", "file");
        ChainOptions o = ChainOptions.from(v);
        assertThat(v.problems()).isEmpty();
        return o;
    }

    private CallContext context(CapturedCalls.AgiVerdict v, Instant at) {
        return new CallContext(Direction.OUTBOUND, "acme", null, ChannelNames.endpointOf(v.channel()), null, v.caller(),
                plan.classify(v.extension()), v.channel(), v.uniqueId(), at);
    }

    private static Decision decision(CapturedCalls.AgiVerdict v) {
        return "DENY".equals(v.verdict()) ? Decision.deny("CAPTURE_DENY", v.cause(), null) : Decision.allow(7200);
    }

    private static <T> T await(Future<T> f) throws Exception { return VertxWaits.await(f); }

    private void until(BooleanSupplier condition) throws Exception { VertxWaits.until(vertx, condition); }
}
