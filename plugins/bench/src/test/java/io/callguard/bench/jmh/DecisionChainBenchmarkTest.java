package io.callguard.bench.jmh;

import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark bodies called directly (no JMH), so that each benchmark is known to measure the path its name
 * claims: a wrong decision here means the figures are of another path.
 */
class DecisionChainBenchmarkTest {
    /** More calls than a trunk has channels: only a hang-up that frees the slot keeps them all allowed. */
    private static final int CALLS = 3 * DecisionFixture.CHANNELS;

    private final DecisionChainBenchmark benchmark = new DecisionChainBenchmark();
    private final DecisionChainBenchmark.Chain chain = new DecisionChainBenchmark.Chain();
    private final DecisionChainBenchmark.Calls calls = new DecisionChainBenchmark.Calls();

    @BeforeEach
    void setUp() {
        chain.setUp();
        calls.setUp();
    }

    @AfterEach
    void nothingHeldAfterTheCalls() { chain.checkNothingHeld(); }

    @Test
    void theChainIsTheServersDefaultPolicyList() {
        assertThat(chain.fixture().chain().policies()).extracting(p -> p.name())
                .containsExactly("emergency", "suspension", "calls-per-second", "channel-cap", "tariff-announcement",
                        "default");
    }

    @Test
    void outboundAllowedAllowsForTheAccountMaximumCallAfterCallBeyondTheTrunkChannels() {
        for (int i = 0; i < CALLS; i++) {
            Decision d = benchmark.outboundAllowed(chain, calls);
            assertThat(d).as("call %d", i).isEqualTo(Decision.allow(7200));
        }
    }

    @Test
    void outboundAllowedFromTwoThreadsIsTheSameDecision() {
        assertThat(benchmark.outboundAllowed_threads2(chain, calls)).isEqualTo(Decision.allow(7200));
    }

    @Test
    void outboundEmergencyIsSettledAsEmergencyWithoutLimitAndItsSlotFreed() {
        for (int i = 0; i < CALLS; i++) {
            Decision d = benchmark.outboundEmergency(chain, calls);
            assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
            assertThat(d.reason()).isEqualTo(Reasons.EMERGENCY);
            assertThat(d.maxSeconds()).isNull();
        }
    }

    @Test
    void inboundTariffIsAllowedWithThe089Announcement() {
        Decision d = benchmark.inboundTariff(chain, calls);
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.announcement()).isEqualTo(DecisionFixture.TARIFF_PROMPT).isEqualTo("callguard/tariff/089-080-min");
        assertThat(d.maxSeconds()).isEqualTo(7200L);
        assertThat(benchmark.inboundTariff_threads2(chain, calls)).isEqualTo(d);
    }

    @Test
    void suspendedDeniedIsALineSuspendedDenial() {
        for (int i = 0; i < CALLS; i++) {
            Decision d = benchmark.suspendedDenied(chain, calls);
            assertThat(d.verdict()).isEqualTo(Verdict.DENY);
            assertThat(d.reason()).isEqualTo(Reasons.LINE_SUSPENDED);
            assertThat(d.cause()).isEqualTo(Reasons.CAUSE_CALL_REJECTED);
            assertThat(d.prompt()).isEqualTo(Reasons.PROMPT_LINE_SUSPENDED);
        }
    }

    @Test
    void numberingPlanOnlyGoesThroughEveryKindOfNumber() {
        Set<NumberCategory> seen = EnumSet.noneOf(NumberCategory.class);
        for (int i = 0; i < DecisionChainBenchmark.Calls.MIXED_NUMBERS.length; i++) {
            ClassifiedNumber n = benchmark.numberingPlanOnly(chain, calls);
            seen.add(n.category());
        }
        assertThat(seen).containsExactlyInAnyOrder(NumberCategory.MOBILE, NumberCategory.GEOGRAPHIC,
                NumberCategory.EMERGENCY, NumberCategory.SPECIAL_SURCHARGED, NumberCategory.NON_GEOGRAPHIC,
                NumberCategory.INTERNATIONAL, NumberCategory.SPECIAL_FREE, NumberCategory.OTHER);
    }

    @Test
    void aCallLeftLiveFailsTheTrialTearDown() {
        chain.fixture().engine().decide(DecisionFixture.outbound(DecisionFixture.ACCOUNT, DecisionFixture.TRUNK,
                DecisionFixture.MOBILE, "left-live"));
        assertThatThrownBy(chain::checkNothingHeld).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 live call(s) in the tracker").hasMessageContaining("1 slot(s) of trunk-a");
        chain.fixture().tracker().hungUp("left-live", DecisionFixture.NORMAL_CLEARING);
    }

    @Test
    void theAnnotationProcessorListedEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(in).as("META-INF/BenchmarkList (JMH annotation processor output)").isNotNull();
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String method : new String[] {"outboundAllowed", "outboundEmergency", "inboundTariff", "suspendedDenied",
                "numberingPlanOnly", "outboundAllowed_threads2", "outboundEmergency_threads2", "inboundTariff_threads2",
                "suspendedDenied_threads2"}) {
            assertThat(list).contains("DecisionChainBenchmark_" + method + "_jmhTest");
        }
    }
}
