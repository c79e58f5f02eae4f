package io.callguard.tariff;

import io.callguard.asterisk.fastagi.DecisionVariables;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy through a real chain (emergency → tariff-announcement → default) and the DecisionEngine. */
class TariffAnnouncementPolicyTest {
    private final TariffFixture f = new TariffFixture();

    @Test
    void inboundTo0899AtEightyCentsPerMinuteWithTheOptionOnNamesTheEightyCentPrompt() {
        Decision d = f.inbound("0899123456");
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.maxSeconds()).isEqualTo(3600L);
        assertThat(d.announcement()).isEqualTo("callguard/tariff/089-080-min");
        assertThat(DecisionVariables.of(d)).containsEntry(DecisionVariables.ANNOUNCEMENT, "callguard/tariff/089-080-min");
    }

    @Test
    void inboundTo0899WithTheOptionSwitchedOffAnnouncesNothing() {
        Decision d = f.inbound("0899123457");
        assertThat(d.allowed()).isTrue();
        assertThat(DecisionVariables.of(d)).containsEntry(DecisionVariables.ANNOUNCEMENT, "");
    }

    @Test
    void inboundToAFreeOrNormalPriceNumberAnnouncesNothing() {
        assertThat(DecisionVariables.of(f.inbound("0800123456"))).containsEntry(DecisionVariables.ANNOUNCEMENT, "");
        assertThat(DecisionVariables.of(f.inbound("0807123456"))).containsEntry(DecisionVariables.ANNOUNCEMENT, "");
    }

    @Test
    void inboundTo082AtTwentyCentsPerCallNamesThePerCallPrompt() {
        assertThat(f.inbound("0821123456").announcement()).isEqualTo("callguard/tariff/082-020-call");
    }

    @Test
    void theCalledNumberIsFoundInWhateverFormTheCarrierSendsIt() {
        assertThat(f.inbound("+33899123456").announcement()).isEqualTo("callguard/tariff/089-080-min");
        assertThat(f.inbound("0033 8 99 12 34 56").announcement()).isEqualTo("callguard/tariff/089-080-min");
    }

    @Test
    void inboundToAnOrdinaryNumberCarriesNoAnnouncementVariable() {
        Decision d = f.inbound("0198765432");
        assertThat(d.allowed()).isTrue();
        assertThat(d.announcement()).isNull();
        assertThat(DecisionVariables.of(d)).doesNotContainKey(DecisionVariables.ANNOUNCEMENT);
    }

    @Test
    void outboundCallsTo08NumbersAreLeftUntouched() {
        Decision d = f.outbound("0899123456");
        assertThat(d).isEqualTo(Decision.allow(3600));
        assertThat(DecisionVariables.of(d)).doesNotContainKey(DecisionVariables.ANNOUNCEMENT);
    }

    @Test
    void aDenyIsLeftUntouched() {
        Decision d = f.inbound("0899999999");
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).isEqualTo(Reasons.UNKNOWN_ACCOUNT);
        assertThat(DecisionVariables.of(d)).doesNotContainKey(DecisionVariables.ANNOUNCEMENT);
    }

    @Test
    void anInboundCallToAnUnassigned08NumberIsDeniedWithoutAnnouncement() {
        Decision d = f.inbound("0899000000");
        assertThat(d).isEqualTo(Decision.deny(Reasons.UNKNOWN_NUMBER, Reasons.CAUSE_UNALLOCATED_NUMBER, Reasons.PROMPT_UNKNOWN_NUMBER));
    }

    @Test
    void aTariffChangeInTheDirectoryIsHeardByTheNextCall() {
        f.directory.put(TariffFixture.PREMIUM.withTariff(
                TariffFixture.PREMIUM.tariff().withCharge(299, io.callguard.core.directory.ChargeUnit.CALL)));
        assertThat(f.inbound("0899123456").announcement()).isEqualTo("callguard/tariff/089-299-call");
    }

    @Test
    void theProviderIsDeclaredByTheModuleAndTakesNoSettings() {
        assertThat(PolicyRegistry.withBuiltIns(new TariffAnnouncementModule().policies()).names()).contains(TariffAnnouncementPolicy.NAME);
        assertThatThrownBy(() -> new TariffAnnouncementPolicyProvider().create(
                new io.callguard.core.policy.PolicyEnvironment(f.directory, f.plan, f.clock, Map.of("prompt", "x"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policy.tariff-announcement.prompt");
    }
}
