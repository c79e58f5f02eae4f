package io.callguard.caps;

import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.directory.Account;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.callguard.caps.CapsFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DurationWatchdogTest {
    private static final Duration GRACE = CapsSettings.DEFAULT_WATCHDOG_GRACE;
    private final CapsFixture f = CapsFixture.standard();
    private final List<String> hangups = Collections.synchronizedList(new ArrayList<>());
    private final ChannelHangup recorder = (channel, cause) -> hangups.add(channel + "/" + cause);
    private final DurationWatchdog watchdog =
            new DurationWatchdog(f.tracker, f.directory, f.plan, recorder, f.clock, GRACE);

    {
        f.tracker.addListener(watchdog);
    }

    /** An outbound call on trunk-a, answered at T0, with its carrier leg. */
    private String answeredCall(String dialled) {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-0000000" + a.charAt(a.length() - 1), "acme", "0140000000",
                dialled, "Ring", T0);
        f.outbound(a, dialled);
        f.tracker.channelCreated(a + "b", a, "PJSIP/carrier-0000000" + a.charAt(a.length() - 1), "", "", "", "Ring", T0);
        f.tracker.stateChanged(a, "Up", T0);
        f.tracker.stateChanged(a + "b", "Up", T0);
        return a;
    }

    @Test
    void beforeItsMaximumPlusGraceNothingIsHungUp() {
        answeredCall("0612345678");
        f.clock.advance(Duration.ofSeconds(7200).plus(GRACE));
        assertThat(watchdog.sweep()).isZero();
        assertThat(watchdog.overdue(f.clock.instant())).isEmpty();
        assertThat(hangups).isEmpty();
    }

    @Test
    void pastItsMaximumPlusGraceTheCallIsHungUpExactlyOnceWithCause16() {
        String a = answeredCall("0612345678");
        f.clock.advance(Duration.ofSeconds(7200).plus(GRACE).plusSeconds(1));
        assertThat(watchdog.overdue(f.clock.instant())).extracting(c -> c.uniqueId()).containsExactly(a);
        assertThat(watchdog.sweep()).isEqualTo(1);
        assertThat(watchdog.sweep()).isZero();
        f.clock.advance(Duration.ofSeconds(30));
        watchdog.sweep();
        assertThat(hangups).containsExactly(f.tracker.get(a).orElseThrow().channel() + "/16");
    }

    @Test
    void aLegLeftOverdueAfterTheFirstLegHungUpIsAskedForToo() {
        String a = answeredCall("0612345678");
        f.clock.advance(Duration.ofSeconds(7200).plus(GRACE).plusSeconds(1));
        watchdog.sweep();
        f.tracker.hungUp(a, 16);
        assertThat(watchdog.sweep()).isEqualTo(1);
        assertThat(hangups).hasSize(2).last().asString().startsWith("PJSIP/carrier-");
    }

    @Test
    void anEmergencyCallIsNeverHungUp() {
        answeredCall("112");
        f.clock.advance(Duration.ofHours(10));
        assertThat(watchdog.overdue(f.clock.instant())).isEmpty();
        assertThat(watchdog.sweep()).isZero();
        assertThat(hangups).isEmpty();
    }

    @Test
    void theDecisionsMaximumWinsAndCountsFromTheAnswer() {
        f.directory.put(new Account("acme", "Acme", 3600));
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "acme", "", "0612345678", "Ring", T0);
        f.outbound(a, "0612345678");
        assertThat(f.tracker.get(a).orElseThrow().maxSeconds()).isEqualTo(3600L);
        f.tracker.stateChanged(a, "Up", T0.plusSeconds(600));

        f.clock.set(T0.plusSeconds(3600 + 60 + 1));
        assertThat(watchdog.sweep()).as("counted from the answer, not the start").isZero();
        f.clock.set(T0.plusSeconds(600 + 3600 + 60 + 1));
        assertThat(watchdog.sweep()).isEqualTo(1);
    }

    @Test
    void aCallNeverAnsweredCountsFromItsStart() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Ring", T0);
        f.clock.advance(Duration.ofSeconds(7200 + 61));
        assertThat(watchdog.overdue(f.clock.instant())).extracting(c -> c.uniqueId()).containsExactly(a);
    }

    @Test
    void aCallWithoutDecisionTakesItsAccountsMaximumElseTwoHours() {
        f.directory.put(new Account("short", "Short", 60));
        f.tracker.channelCreated("9.1", "9.1", "PJSIP/other-00000001", "short", "", "", "Up", T0);
        f.tracker.channelCreated("9.2", "9.2", "PJSIP/other-00000002", "", "", "", "Up", T0);
        f.clock.advance(Duration.ofSeconds(60 + 61));
        assertThat(watchdog.overdueCalls(f.clock.instant())).singleElement().satisfies(o -> {
            assertThat(o.call().uniqueId()).isEqualTo("9.1");
            assertThat(o.accountId()).isEqualTo("short");
            assertThat(o.maxSeconds()).isEqualTo(60);
        });
        f.clock.set(T0.plusSeconds(7200 + 61));
        assertThat(watchdog.overdue(f.clock.instant())).extracting(c -> c.uniqueId()).containsExactly("9.1", "9.2");
    }

    @Test
    void aFailedHangupRequestIsRetriedAtTheNextSweep() {
        List<String> attempts = new ArrayList<>();
        DurationWatchdog flaky = new DurationWatchdog(f.tracker, f.directory, f.plan, (channel, cause) -> {
            attempts.add(channel);
            if (attempts.size() == 1) throw new IllegalStateException("AMI down");
        }, f.clock, GRACE);
        answeredCall("0612345678");
        f.clock.advance(Duration.ofSeconds(7200 + 61));
        assertThat(flaky.sweep()).isZero();
        assertThat(flaky.sweep()).isEqualTo(1);
        assertThat(flaky.sweep()).isZero();
        assertThat(attempts).hasSize(2);
    }
}
