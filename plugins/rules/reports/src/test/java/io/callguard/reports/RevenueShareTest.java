package io.callguard.reports;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.Disposition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static io.callguard.reports.ReportsFixture.ACME;
import static io.callguard.reports.ReportsFixture.list;
import static io.callguard.reports.ReportsFixture.map;
import static io.callguard.reports.ReportsFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R10 (Numéros spéciaux §3): the monthly revenue share, its 30 € threshold, the carry-over and the months' close. */
class RevenueShareTest {
    static final String N089 = "0899123456";
    static final Instant OCT = Instant.parse("2026-10-10T08:00:00Z");
    static final Instant NOV = Instant.parse("2026-11-10T08:00:00Z");
    private static final String REPORT = "/admin/v1/reports/revenue-share";

    /** acme's 0899 123 456 at 0.80 €/min, 50 % to the client: 0.40 € a minute; 29.50 € in October, 2.00 € in November. */
    static ReportsFixture carryOverScenario() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.number(ACME, N089, 80, ChargeUnit.MINUTE);
        RouteResponse put = f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 50), "target", "089");
        assertThat(put.status()).isEqualTo(200);
        f.inbound(ACME, N089, OCT, 3600);             // 60 min → 24.00 €
        f.inbound(ACME, N089, OCT.plusSeconds(7200), 825); // 13.75 min → 5.50 €
        f.inbound(ACME, N089, NOV, 300);              // 5 min → 2.00 €
        return f;
    }

    @Test
    void under30EurosIsCarriedOverAndPaidTheMonthTheTotalReachesIt() throws Exception {
        ReportsFixture f = carryOverScenario();
        Map<String, Object> oct = account(f.get(REPORT, q("month", "2026-10")));
        assertThat(oct).containsEntry("earnedCents", "2950.0000").containsEntry("carriedInCents", "0.0000")
                .containsEntry("status", "CARRIED_OVER").containsEntry("carriedOverCents", "2950.0000")
                .containsEntry("payableCents", null);
        Map<String, Object> line = map(list(oct.get("lines")).get(0));
        assertThat(line).containsEntry("number", N089).containsEntry("tier", "089").containsEntry("calls", 2L)
                .containsEntry("billableSeconds", 4425L).containsEntry("units", "73.75").containsEntry("collectedCents", "5900.0000")
                .containsEntry("ratePercent", "50.00").containsEntry("rateSource", "TIER").containsEntry("shareCents", "2950.0000");

        // "Revenue share: 29.50 € in October carried over, 2.00 € in November → 31.50 € payable for November."
        Map<String, Object> nov = account(f.get(REPORT, q("month", "2026-11")));
        assertThat(nov).containsEntry("carriedInCents", "2950.0000").containsEntry("earnedCents", "200.0000")
                .containsEntry("totalCents", "3150.0000").containsEntry("status", "PAYABLE").containsEntry("payableCents", "3150")
                .containsEntry("carriedOverCents", "0.0000");
        // paid in November: nothing goes on to December
        assertThat(list(map(f.get(REPORT, q("month", "2026-12")).body()).get("accounts"))).isEmpty();
        // the same question, the same answer
        assertThat(f.get(REPORT, q("month", "2026-11")).body()).isEqualTo(f.get(REPORT, q("month", "2026-11")).body());
    }

    @Test
    void aClosedMonthNeverChangesLateRecordsCountInTheNextMonth() throws Exception {
        ReportsFixture f = carryOverScenario();
        f.clock.set(Instant.parse("2026-11-06T00:00:00Z"));
        RouteResponse closed = f.call(Method.POST, REPORT + "/close", q("month", "2026-10"), null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(map(closed.body())).containsEntry("month", "2026-10").containsEntry("closedBy", "alice").containsEntry("accounts", 1);
        Object before = f.get(REPORT, q("month", "2026-10")).body();
        assertThat(map(before)).containsEntry("closed", true);

        // a call of October recorded after the close (a spill file replayed), and a rate changed afterwards
        f.clock.advance(Duration.ofHours(1));
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", N089, OCT.plusSeconds(86_400), 60, Disposition.ANSWERED)); // 1 min
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 60), "target", "089");
        assertThat(f.get(REPORT, q("month", "2026-10")).body()).as("October is closed").isEqualTo(before);

        // November: the late October call at 60 %, its own call at 60 %, October's carry as closed
        f.clock.set(Instant.parse("2026-12-02T10:00:00Z"));
        Map<String, Object> nov = account(f.get(REPORT, q("month", "2026-11")));
        Map<String, Object> line = map(list(nov.get("lines")).get(0));
        assertThat(line).containsEntry("calls", 2L).containsEntry("lateCalls", 1L).containsEntry("billableSeconds", 360L)
                .containsEntry("shareCents", "288.0000"); // 6 min × 0.80 € × 60 %
        assertThat(nov).containsEntry("carriedInCents", "2950.0000").containsEntry("totalCents", "3238.0000")
                .containsEntry("status", "PAYABLE");
        assertThat(f.audit.all()).anySatisfy(e -> assertThat(e.action()).isEqualTo("revenue-share.close"));
    }

    @Test
    void monthsCloseInOrderOnceOverAndOnlyOnce() throws Exception {
        ReportsFixture f = carryOverScenario();
        assertThat(f.call(Method.POST, REPORT + "/close", q("month", "2026-12"), null).status()).as("not over").isEqualTo(409);
        assertThat(f.call(Method.POST, REPORT + "/close", q("month", "2026-11"), null).status()).isEqualTo(200);
        RouteResponse again = f.call(Method.POST, REPORT + "/close", q("month", "2026-11"), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains("already closed");
        assertThat(f.call(Method.POST, REPORT + "/close", q("month", "2026-10"), null).detail()).contains("comes before 2026-11");
        f.clock.set(Instant.parse("2027-02-02T00:00:00Z"));
        assertThat(f.call(Method.POST, REPORT + "/close", q("month", "2027-01"), null).detail()).contains("close 2026-12 first");
        assertThatThrownBy(() -> f.call(Method.POST, REPORT + "/close", q(), null))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("month"));
        // the first close had no closed month before: it computed October from the records (carried 29.50 €)
        assertThat(f.repository.closedMonth(YearMonth.of(2026, 11)).orElseThrow().accounts().get(ACME).payable()).isTrue();
    }

    @Test
    void theTimerClosesEachMonthDueInOrder() throws Exception {
        ReportsFixture f = carryOverScenario();
        f.clock.set(Instant.parse("2026-12-05T22:59:00Z")); // November ended 2026-11-30T23:00Z (Paris); + 5 days not yet
        assertThat(f.share.closeDue()).containsExactly(YearMonth.of(2026, 10)); // the first close: the last month due only
        assertThat(f.share.closeDue()).isEmpty();
        f.clock.set(Instant.parse("2026-12-05T23:00:00Z"));
        assertThat(f.share.closeDue()).containsExactly(YearMonth.of(2026, 11));
        assertThat(f.repository.closedMonth(YearMonth.of(2026, 11)).orElseThrow().accounts().get(ACME).totalCents())
                .isEqualByComparingTo("3150");
        f.clock.set(Instant.parse("2027-02-10T00:00:00Z"));
        assertThat(f.share.closeDue()).containsExactly(YearMonth.of(2026, 12), YearMonth.of(2027, 1));
        assertThat(f.repository.lastClosed()).contains(YearMonth.of(2027, 1));
    }

    @Test
    void onlyAnsweredInboundCallsToChargedNumbersCountWithNumberRatesOverTierRates() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.number(ACME, "0825000001", 50, ChargeUnit.CALL);   // 0.50 € a call
        f.number(ACME, "0825000002", 20, ChargeUnit.CALL);
        f.number(ACME, "0810000001", 6, ChargeUnit.MINUTE);   // no rate set for 081
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", "60"), "target", "082");
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 70.5), "target", "+33825000001");
        f.inbound(ACME, "0825000001", NOV, 10);
        f.inbound(ACME, "0825000001", NOV.plusSeconds(60), 0); // answered, hung up at once: a call all the same
        f.inbound(ACME, "0825000002", NOV, 30);
        f.inbound(ACME, "0810000001", NOV, 90);
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0825000001", NOV, 0, Disposition.NO_ANSWER));
        f.write(f.call(ACME, Direction.OUTBOUND, "0825000001", "0899999999", NOV, 60, Disposition.ANSWERED));
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0198765432", NOV, 60, Disposition.ANSWERED));
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0800123456", NOV, 60, Disposition.ANSWERED));
        f.inbound(ACME, "0899000000", NOV, 60); // a number no longer acme's: no charge known
        Map<String, Object> acme = account(f.get(REPORT, q("month", "2026-11")));
        List<Object> lines = list(acme.get("lines"));
        assertThat(lines).extracting(l -> map(l).get("number"))
                .containsExactly("0810000001", "0825000001", "0825000002", "0899000000");
        assertThat(map(lines.get(0))).containsEntry("rateSource", "NONE").containsEntry("collectedCents", "9.0000")
                .containsEntry("shareCents", "0.0000");
        assertThat(map(lines.get(1))).containsEntry("calls", 2L).containsEntry("units", "2").containsEntry("collectedCents", "100.0000")
                .containsEntry("ratePercent", "70.50").containsEntry("rateSource", "NUMBER").containsEntry("shareCents", "70.5000");
        assertThat(map(lines.get(2))).containsEntry("rateSource", "TIER").containsEntry("shareCents", "12.0000");
        assertThat(map(lines.get(3))).containsEntry("tariffMissing", true).containsEntry("shareCents", "0.0000");
        assertThat(acme).containsEntry("earnedCents", "82.5000");
    }

    @Test
    void aPerMinuteChargeIsProratedToTheSecondAndRoundedOncePerNumber() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.number(ACME, N089, 80, ChargeUnit.MINUTE);
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 50), "target", "089");
        f.inbound(ACME, N089, NOV, 1);
        f.inbound(ACME, N089, NOV.plusSeconds(100), 1);
        Map<String, Object> line = map(list(account(f.get(REPORT, q("month", "2026-11"))).get("lines")).get(0));
        // 2 s at 80 c/min = 2.6666… → 2.6667 c collected; half of it 1.33335 → 1.3334 (half-up, 4 decimals)
        assertThat(line).containsEntry("collectedCents", "2.6667").containsEntry("shareCents", "1.3334");
    }

    @Test
    void theMonthIsTheCallsStartInParis() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.number(ACME, N089, 80, ChargeUnit.MINUTE);
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 50), "target", "089");
        f.inbound(ACME, N089, Instant.parse("2026-10-31T23:30:00Z"), 60); // 00:30 on 1 November in Paris
        assertThat(list(map(f.get(REPORT, q("month", "2026-10")).body()).get("accounts"))).isEmpty();
        assertThat(account(f.get(REPORT, q("month", "2026-11")))).containsEntry("earnedCents", "40.0000");
    }

    @Test
    void csvHasOneRowPerNumberAndOnePerAccount() throws Exception {
        ReportsFixture f = carryOverScenario();
        RouteResponse r = f.get(REPORT, q("month", "2026-11", "format", "csv"));
        assertThat(r.isStreamed()).isTrue();
        assertThat(r.headers()).containsEntry("Content-Disposition", "attachment; filename=\"revenue-share-2026-11.csv\"");
        String csv = ReportsFixture.text(r);
        String[] rows = csv.split("\r\n");
        assertThat(rows).hasSize(3);
        assertThat(rows[0]).startsWith("month,kind,accountId,name,number,tier,chargeCents,chargeUnit,calls,");
        assertThat(rows[1]).isEqualTo("2026-11,LINE,acme,Acme SARL,0899123456,089,80,MINUTE,1,0,300,5.00,400.0000,50.00,TIER,200.0000,,,,,,");
        assertThat(rows[2]).isEqualTo("2026-11,ACCOUNT,acme,Acme SARL,,,,,,,,,,,,,2950.0000,200.0000,3150.0000,PAYABLE,3150,0.0000");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        ReportsFixture f = new ReportsFixture();
        for (String bad : List.of("2026-13", "2026-1", "november", "2026-11-01")) {
            assertThatThrownBy(() -> f.get(REPORT, q("month", bad))).as(bad)
                    .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("month"));
        }
        assertThatThrownBy(() -> f.get(REPORT, q("month", "2026-11", "format", "xml")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("format"));
        assertThat(f.get(REPORT, q("month", "2026-11", "account", "nobody")).status()).isEqualTo(404);
        for (Object bad : List.of(-1, 100.01, "abc", 12.345, true)) {
            assertThatThrownBy(() -> f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", bad), "target", "089"))
                    .as("%s", bad).isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("ratePercent"));
        }
        assertThatThrownBy(() -> f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 5), "target", "0198765432"))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("target"));
        assertThat(f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 5), "target", "0899000001").status())
                .as("a number assigned to nobody").isEqualTo(404);
        assertThat(f.call(Method.DELETE, "/admin/v1/revenue-share/rates/{target}", Map.of(), null, "target", "082").status()).isEqualTo(404);
        assertThat(f.repository.rates()).isEmpty();
    }

    @Test
    void ratesAreListedAndRemoved() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.number(ACME, N089, 80, ChargeUnit.MINUTE);
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 50), "target", "089");
        f.call(Method.PUT, "/admin/v1/revenue-share/rates/{target}", Map.of(), Map.of("ratePercent", 65), "target", N089);
        Map<String, Object> rates = map(f.get("/admin/v1/revenue-share/rates", q()).body());
        assertThat(list(rates.get("tiers"))).containsExactly(Map.of("tier", "089", "ratePercent", "50.00"));
        assertThat(map(list(rates.get("numbers")).get(0))).containsEntry("number", N089).containsEntry("accountId", ACME)
                .containsEntry("ratePercent", "65.00");
        assertThat(f.call(Method.DELETE, "/admin/v1/revenue-share/rates/{target}", Map.of(), null, "target", N089).status()).isEqualTo(204);
        assertThat(f.repository.rates()).containsOnlyKeys("089");
        assertThat(f.repository.rates().get("089")).isEqualByComparingTo(new BigDecimal("50"));
    }

    private static Map<String, Object> account(RouteResponse r) {
        assertThat(r.status()).isEqualTo(200);
        List<Object> accounts = list(map(r.body()).get("accounts"));
        assertThat(accounts).hasSize(1);
        return map(accounts.get(0));
    }
}
