package io.callguard.caps;

import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.policy.PolicyRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.callguard.caps.CapsFixture.T0;
import static io.callguard.caps.CapsFixture.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallCapsTest {
    private final CapsFixture f = CapsFixture.standard();
    private final List<String> hangups = new ArrayList<>();
    private final CallCaps caps = new CallCaps(f.directory, f.tracker, f.allocations, f.clock, f.plan,
            (channel, cause) -> hangups.add(channel + "/" + cause), CapsSettings.defaults());

    {
        caps.registerWith(f.tracker);
    }

    @Test
    void usageShowsTheCapAndEachReservationWithItsChannelAndAge() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Up");
        f.outbound(a, "0612345678");
        String u = "1770000900.1";
        f.tracker.channelCreated(u, u, "PJSIP/carrier-00000002", "", "", CapsFixture.DID, "Ring");
        f.inbound(u);
        f.tracker.channelCreated("1770000900.2", u, "PJSIP/trunk-a-00000003", "", "", "", "Ring");
        f.clock.advance(Duration.ofSeconds(42));

        TrunkUsage usage = caps.usage(TRUNK).orElseThrow();
        assertThat(usage.trunkId()).isEqualTo(TRUNK);
        assertThat(usage.accountId()).isEqualTo("acme");
        assertThat(usage.cap()).isEqualTo(2);
        assertThat(usage.inUse()).isEqualTo(2);
        assertThat(usage.reservations()).extracting(TrunkUsage.Reservation::holder).containsExactly(a, u);
        assertThat(usage.reservations()).extracting(TrunkUsage.Reservation::channel)
                .containsExactly("PJSIP/trunk-a-00000001", "PJSIP/trunk-a-00000003");
        assertThat(usage.reservations()).allSatisfy(r -> {
            assertThat(r.ageSeconds()).isEqualTo(42);
            assertThat(r.forced()).isFalse();
            assertThat(r.expiresAt()).isEqualTo(T0.plusSeconds(7500));
        });
    }

    @Test
    void usageFollowsACapChangeAndShowsAReservationWithoutChannel() {
        f.outbound("0612345678");
        f.directory.put(new Trunk(TRUNK, "acme", TrunkKind.T0_IP, 1));
        f.tracker.hungUp("nothing", 16);
        TrunkUsage usage = caps.usage(TRUNK).orElseThrow();
        assertThat(usage.cap()).isEqualTo(1);
        assertThat(usage.inUse()).isEqualTo(1);
        assertThat(usage.reservations()).singleElement().satisfies(r -> assertThat(r.channel()).isNotNull());
        f.tracker.replaceAll(List.of());
        f.outbound(f.nextId(), "0612345679");
        assertThat(caps.usage(TRUNK).orElseThrow().reservations()).singleElement()
                .satisfies(r -> assertThat(r.channel()).as("decision only, tracker entry").isNotNull());
    }

    @Test
    void anUnknownTrunkHasNoUsage() {
        assertThat(caps.usage("nope")).isEmpty();
    }

    @Test
    void registeredHangupsReleaseAndTheTimersEntryPointsWork() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Up");
        f.outbound(a, "0612345678");
        f.clock.advance(Duration.ofSeconds(7200 + 61));
        assertThat(caps.sweep()).isEqualTo(1);
        assertThat(hangups).containsExactly("PJSIP/trunk-a-00000001/16");
        f.tracker.hungUp(a, 16);
        assertThat(f.inUse()).isZero();
        assertThat(caps.reconcile()).isEqualTo(ReconcileReport.NOTHING);
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        CapsSettings d = CapsSettings.defaults();
        assertThat(d.orphanGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.watchdogGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.reconcileInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.watchdogInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new CapsSettings(Duration.ofSeconds(-1), d.watchdogGrace(), d.reconcileInterval(),
                d.watchdogInterval())).hasMessageContaining("orphanGrace");
        assertThatThrownBy(() -> new CapsSettings(d.orphanGrace(), d.watchdogGrace(), Duration.ZERO,
                d.watchdogInterval())).hasMessageContaining("reconcileInterval");
    }

    @Test
    void bothPoliciesAreDeclaredByTheCallCapsModule() {
        assertThat(PolicyRegistry.withBuiltIns(new CallCapsModule().policies()).names()).contains("channel-cap", "calls-per-second", "emergency", "default");
    }
}
