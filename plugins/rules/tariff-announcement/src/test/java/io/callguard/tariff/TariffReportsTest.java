package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.NumberCategory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TariffReportsTest {
    @Test
    void theSpecialNumbersListShowsEvery08NumberWithItsChargeOptionAndPromptAndFlagsAMissingCharge() {
        List<DidNumber> numbers = new ArrayList<>(TariffFixture.NUMBERS);
        numbers.add(new DidNumber("0898123456", "acme", null));
        List<SpecialNumberView> views = TariffReports.specialNumbers(numbers);
        assertThat(views).extracting(SpecialNumberView::number).containsExactly("0800123456", "0807123456",
                "0810123456", "0821123456", "0898123456", "0899123456", "0899123457", "0899999999");
        assertThat(views.get(0)).isEqualTo(new SpecialNumberView("0800123456", "acme", NumberCategory.SPECIAL_FREE, 0,
                null, true, null, null, "", false));
        assertThat(views.get(5)).isEqualTo(new SpecialNumberView("0899123456", "acme", NumberCategory.SPECIAL_SURCHARGED,
                80, ChargeUnit.MINUTE, true, null, null, "callguard/tariff/089-080-min", false));
        assertThat(views.get(4).tariffMissing()).isTrue();
        assertThat(views.get(6).prompt()).isEmpty();
    }

    @Test
    void theOptionOffReportSaysWhenAndByWhomLatestFirst() {
        Instant later = TariffFixture.OFF_AT.plusSeconds(3600);
        DidNumber another = new DidNumber("0821000000", "globex", null,
                SpecialTariff.of(50, ChargeUnit.CALL).withAnnouncement(false, later, "admin:globex-ops"));
        List<DidNumber> numbers = new ArrayList<>(TariffFixture.NUMBERS);
        numbers.add(another);
        assertThat(TariffReports.announcementsOff(numbers))
                .extracting(SpecialNumberView::number, SpecialNumberView::announcementOffAt, SpecialNumberView::announcementOffBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0821000000", later, "admin:globex-ops"),
                        org.assertj.core.groups.Tuple.tuple("0899123457", TariffFixture.OFF_AT, "admin:ops"));
    }
}
