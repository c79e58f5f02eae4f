package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.SurchargeTier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TariffPromptsTest {
    @Test
    void promptNamesCarryTheTierTheChargeOnThreeDigitsAndTheUnit() {
        assertThat(TariffPrompts.promptFor(SurchargeTier.T089, 80, ChargeUnit.MINUTE)).isEqualTo("callguard/tariff/089-080-min");
        assertThat(TariffPrompts.promptFor(SurchargeTier.T082, 20, ChargeUnit.CALL)).isEqualTo("callguard/tariff/082-020-call");
        assertThat(TariffPrompts.promptFor(SurchargeTier.T081, 6, ChargeUnit.MINUTE)).isEqualTo("callguard/tariff/081-006-min");
        assertThat(TariffPrompts.promptFor(SurchargeTier.T089, 300, ChargeUnit.CALL)).isEqualTo("callguard/tariff/089-300-call");
        assertThatThrownBy(() -> TariffPrompts.promptFor(SurchargeTier.T089, 0, ChargeUnit.CALL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frenchTextsSayTheServicePricePlusThePriceOfACall() {
        assertThat(TariffPrompts.frenchText(80, ChargeUnit.MINUTE)).isEqualTo("Service 0,80 € par minute plus prix d'un appel");
        assertThat(TariffPrompts.frenchText(20, ChargeUnit.CALL)).isEqualTo("Service 0,20 € par appel plus prix d'un appel");
        assertThat(TariffPrompts.frenchText(6, ChargeUnit.MINUTE)).isEqualTo("Service 0,06 € par minute plus prix d'un appel");
        assertThat(TariffPrompts.frenchText(150, ChargeUnit.CALL)).isEqualTo("Service 1,50 € par appel plus prix d'un appel");
        assertThat(TariffPrompts.frenchText(300, ChargeUnit.CALL)).isEqualTo("Service 3 € par appel plus prix d'un appel");
    }

    @Test
    void promptsInUseAreDistinctSortedAndOnlyForNumbersWhoseAnnouncementIsDue() {
        Instant off = Instant.parse("2026-01-05T10:00:00Z");
        List<DidNumber> numbers = List.of(
                new DidNumber("0899123456", "acme", null, SpecialTariff.of(80, ChargeUnit.MINUTE)),
                new DidNumber("0899654321", "globex", null, SpecialTariff.of(80, ChargeUnit.MINUTE)),
                new DidNumber("0899000001", "acme", null,
                        SpecialTariff.of(299, ChargeUnit.CALL).withAnnouncement(false, off, "ops")),
                new DidNumber("0821123456", "acme", null, SpecialTariff.of(20, ChargeUnit.CALL)),
                new DidNumber("0810123456", "acme", null, SpecialTariff.of(6, ChargeUnit.MINUTE)),
                new DidNumber("0800123456", "acme", null, SpecialTariff.free()),
                new DidNumber("0807123456", "acme", null, SpecialTariff.free()),
                new DidNumber("0898123456", "acme", null),
                new DidNumber("0198765432", "acme", null));
        assertThat(TariffPrompts.inUse(numbers)).containsExactly(
                new TariffPrompt("callguard/tariff/081-006-min", "Service 0,06 € par minute plus prix d'un appel"),
                new TariffPrompt("callguard/tariff/082-020-call", "Service 0,20 € par appel plus prix d'un appel"),
                new TariffPrompt("callguard/tariff/089-080-min", "Service 0,80 € par minute plus prix d'un appel"));
    }

    @Test
    void theTsvForTheRenderScriptHasOnePromptTabTextLinePerPrompt() {
        assertThat(TariffPrompts.tsv(List.of(TariffPrompts.prompt(SurchargeTier.T089, 80, ChargeUnit.MINUTE))))
                .isEqualTo("callguard/tariff/089-080-min\tService 0,80 € par minute plus prix d'un appel\n");
        assertThatThrownBy(() -> new TariffPrompt("a\tb", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
