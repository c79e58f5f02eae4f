package io.callguard.bench.jmh;

import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.policy.Decision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.callguard.bench.jmh.DecisionFixture.ACCOUNT;
import static io.callguard.bench.jmh.DecisionFixture.EMERGENCY;
import static io.callguard.bench.jmh.DecisionFixture.MOBILE;
import static io.callguard.bench.jmh.DecisionFixture.SUSPENDED_ACCOUNT;
import static io.callguard.bench.jmh.DecisionFixture.SUSPENDED_TRUNK;
import static io.callguard.bench.jmh.DecisionFixture.TARIFF_DID;
import static io.callguard.bench.jmh.DecisionFixture.TRUNK;
import static io.callguard.bench.jmh.DecisionFixture.inbound;
import static io.callguard.bench.jmh.DecisionFixture.outbound;

/**
 * The decision chain alone (issue 7): one FastAGI decision without the socket, the AGI parsing or the event loop,
 * through the server's default chain {@code emergency, suspension, calls-per-second, channel-cap,
 * tariff-announcement, default} ({@link DecisionFixture}). Each decision operation is what a call costs callguard in
 * memory: the {@code CallRequest} the adapter would build, {@code DecisionEngine.decide} (resolution against the
 * directory and numbering plan, the settle, refine and decided phases, the call tracker's enrichment) and the
 * tracker's hang-up of the channel as AMI reports it (frees the trunk slot, so the caps never fill).
 *
 * <ul>
 *   <li>{@code outboundAllowed}: acme's trunk to a mobile: every policy asked, a trunk slot reserved, ALLOW 7200 s.</li>
 *   <li>{@code outboundEmergency}: to 112: settled by the first policy; the channel cap still counts the call.</li>
 *   <li>{@code inboundTariff}: carrier to acme's 089 number: ALLOW refined with the tariff announcement (R9).</li>
 *   <li>{@code suspendedDenied}: globex (suspended) to a mobile: DENY {@code LINE_SUSPENDED} by the second policy.</li>
 *   <li>{@code numberingPlanOnly}: {@code FrenchNumberingPlan.classify} of one number of a mixed set per operation,
 *       the floor (every decision classifies the dialled number once).</li>
 * </ul>
 * The {@code _threads2} variants run the same operation from two threads on one shared chain, to show the cost of
 * contention on the shared maps (allocations, tracker). The results are returned, so JMH hands them to its
 * {@code Blackhole} and the work cannot be optimised away; no I/O happens in an operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class DecisionChainBenchmark {

    /** The chain and its read models, shared by every thread of a run (as in the server). */
    @State(Scope.Benchmark)
    public static class Chain {
        DecisionFixture fixture;

        @Setup(Level.Trial)
        public void setUp() { fixture = DecisionFixture.create(Clock.systemUTC()); }

        /** Fails the run if calls were left live or holding a slot: the figures would be of a filling table. */
        @TearDown(Level.Trial)
        public void checkNothingHeld() { fixture.checkNothingHeld(); }

        public DecisionFixture fixture() { return fixture; }
    }

    /** Per-thread source of Asterisk-like unique ids ({@code <epoch>.<sequence>}) and of indices. */
    @State(Scope.Thread)
    public static class Calls {
        private static final AtomicInteger THREADS = new AtomicInteger();
        /** A mix of what clients dial: every category the plan knows, formats with +33, 00, spaces. */
        static final String[] MIXED_NUMBERS = {
                "0612345678", "+33 1 98 76 54 32", "112", "0899123456", "0033987654321", "+4930123456", "0800123456",
                "3949"};

        private String prefix;
        private long sequence;
        private int index;

        @Setup(Level.Trial)
        public void setUp() { prefix = (1_700_000_000L + THREADS.incrementAndGet()) + "."; }

        public String nextUniqueId() { return prefix + sequence++; }

        public String nextMixedNumber() { return MIXED_NUMBERS[index++ & (MIXED_NUMBERS.length - 1)]; }
    }

    @Benchmark
    @Threads(1)
    public Decision outboundAllowed(Chain chain, Calls calls) {
        return chain.fixture.decideAndHangUp(outbound(ACCOUNT, TRUNK, MOBILE, calls.nextUniqueId()));
    }

    @Benchmark
    @Threads(1)
    public Decision outboundEmergency(Chain chain, Calls calls) {
        return chain.fixture.decideAndHangUp(outbound(ACCOUNT, TRUNK, EMERGENCY, calls.nextUniqueId()));
    }

    @Benchmark
    @Threads(1)
    public Decision inboundTariff(Chain chain, Calls calls) {
        return chain.fixture.decideAndHangUp(inbound(TARIFF_DID, calls.nextUniqueId()));
    }

    @Benchmark
    @Threads(1)
    public Decision suspendedDenied(Chain chain, Calls calls) {
        return chain.fixture.decideAndHangUp(outbound(SUSPENDED_ACCOUNT, SUSPENDED_TRUNK, MOBILE, calls.nextUniqueId()));
    }

    @Benchmark
    @Threads(1)
    public ClassifiedNumber numberingPlanOnly(Chain chain, Calls calls) {
        return chain.fixture.plan().classify(calls.nextMixedNumber());
    }

    @Benchmark
    @Threads(2)
    public Decision outboundAllowed_threads2(Chain chain, Calls calls) { return outboundAllowed(chain, calls); }

    @Benchmark
    @Threads(2)
    public Decision outboundEmergency_threads2(Chain chain, Calls calls) { return outboundEmergency(chain, calls); }

    @Benchmark
    @Threads(2)
    public Decision inboundTariff_threads2(Chain chain, Calls calls) { return inboundTariff(chain, calls); }

    @Benchmark
    @Threads(2)
    public Decision suspendedDenied_threads2(Chain chain, Calls calls) { return suspendedDenied(chain, calls); }
}
