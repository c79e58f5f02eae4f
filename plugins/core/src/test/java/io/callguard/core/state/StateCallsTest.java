package io.callguard.core.state;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.PolicySettings;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateCallsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final List<Runnable> armed = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final StateCalls calls = new StateCalls(Duration.ofMillis(150), clock, (d, task) -> {
        delays.add(d);
        armed.add(task);
    });

    @Test
    void aCompleteStageIsReturnedAsItIsWithoutATimer() {
        CompletableFuture<Boolean> done = CompletableFuture.completedFuture(true);
        assertThat(calls.bounded("allocate", done)).isSameAs(done);
        assertThat(delays).isEmpty();
    }

    @Test
    void aStageThatNeverCompletesFailsWhenTheTimeoutFires() {
        CompletionStage<Boolean> bounded = calls.bounded("allocate trunk:t", new CompletableFuture<>());
        assertThat(bounded.toCompletableFuture()).isNotDone();
        assertThat(delays).containsExactly(Duration.ofMillis(150));
        armed.forEach(Runnable::run);
        assertThatThrownBy(() -> bounded.toCompletableFuture().get(0, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StateUnavailableException.class)
                .hasMessage("allocate trunk:t: the state backend did not answer within 150 ms (state.timeout)");
    }

    @Test
    void anAnswerBeforeTheTimeoutWinsAndItsFailureComesUnwrapped() throws Exception {
        CompletableFuture<Boolean> slow = new CompletableFuture<>();
        CompletionStage<Boolean> bounded = calls.bounded("allocate", slow);
        slow.complete(false);
        armed.forEach(Runnable::run); // too late: no effect
        assertThat(bounded.toCompletableFuture().get(0, TimeUnit.SECONDS)).isFalse();

        CompletableFuture<Boolean> failing = new CompletableFuture<>();
        CompletionStage<Boolean> failed = calls.bounded("allocate", failing.thenApply(b -> b));
        failing.completeExceptionally(new IllegalStateException("NOSCRIPT"));
        assertThatThrownBy(() -> failed.toCompletableFuture().get(0, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class).hasMessage("NOSCRIPT");
    }

    @Test
    void failuresAreCountedPerUserAndBackgroundFailuresToo() {
        calls.failed("channel-cap", "allocate", new IllegalStateException("down"));
        calls.inBackground("caps-reconciler", "release", CompletableFuture.failedFuture(new IllegalStateException("down")));
        calls.inBackground("caps-reconciler", "release", CompletableFuture.completedFuture(true));
        assertThat(calls.snapshot()).containsExactly(Map.entry("caps-reconciler", 1L), Map.entry("channel-cap", 1L));
        assertThat(calls.failures("credit")).isZero();
    }

    @Test
    void theTimeoutKeyDefaultsTo150msShrinksUnderAShortDeadlineAndAnExplicitOneMustFit() {
        assertThat(StateCalls.timeout(view(null), Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(150));
        assertThat(StateCalls.timeout(view(new ConfigValues.Value("150ms", ConfigValues.DEFAULT)), Duration.ofMillis(100)))
                .isEqualTo(Duration.ofMillis(60));
        assertThat(StateCalls.timeout(view(new ConfigValues.Value("80ms", "file")), Duration.ofMillis(250)))
                .isEqualTo(Duration.ofMillis(80));

        List<String> problems = new ArrayList<>();
        StateCalls.timeout(new ConfigValues(Map.of(StateCalls.TIMEOUT, new ConfigValues.Value("300ms", "file")), problems),
                Duration.ofMillis(250));
        assertThat(problems).singleElement().asString().contains("state.timeout").contains("fastagi.decisionDeadline");
        problems.clear();
        StateCalls.timeout(new ConfigValues(Map.of(StateCalls.TIMEOUT, new ConfigValues.Value("soon", "file")), problems),
                Duration.ofMillis(250));
        assertThat(problems).singleElement().asString().contains("state.timeout");
    }

    @Test
    void onStateFailureIsReadFromThePolicysSettingsAndABadValueNamesTheKey() {
        assertThat(OnStateFailure.from(PolicySettings.of("channel-cap", Map.of()))).isEqualTo(OnStateFailure.FAIL);
        assertThat(OnStateFailure.from(PolicySettings.of("channel-cap", Map.of("onStateFailure", " Pass "))))
                .isEqualTo(OnStateFailure.PASS);
        assertThat(OnStateFailure.from(PolicySettings.of("credit", Map.of("onStateFailure", "deny"))))
                .isEqualTo(OnStateFailure.DENY);
        assertThatThrownBy(() -> OnStateFailure.from(PolicySettings.of("credit", Map.of("onStateFailure", "open"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.credit.onStateFailure: expected fail, pass or deny, got 'open'");
    }

    private static ConfigValues view(ConfigValues.Value timeout) {
        return new ConfigValues(timeout == null ? Map.of() : Map.of(StateCalls.TIMEOUT, timeout), new ArrayList<>());
    }
}
