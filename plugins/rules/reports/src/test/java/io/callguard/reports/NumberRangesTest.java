package io.callguard.reports;

import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.directory.Account;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.Disposition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.callguard.reports.ReportsFixture.ACME;
import static io.callguard.reports.ReportsFixture.list;
import static io.callguard.reports.ReportsFixture.map;
import static io.callguard.reports.ReportsFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R13 (CP Téléphonie §1): number ranges reserved for a client, their use, flagged under 80 %. */
class NumberRangesTest {
    private static final String RANGES = "/admin/v1/accounts/{id}/ranges";
    private static final String REPORT = "/admin/v1/reports/ranges";

    static RouteResponse create(ReportsFixture f, String account, Map<String, Object> body) throws Exception {
        return f.call(Method.POST, RANGES, Map.of(), body, "id", account);
    }

    /** acme reserves 01 98 76 54 00 – 99; all 100 assigned; {@code used} of them received or placed a call lately. */
    static ReportsFixture rangeWithUse(int used) throws Exception {
        ReportsFixture f = new ReportsFixture();
        RouteResponse created = create(f, ACME, Map.of("first", "0198765400", "size", 100));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("Location", "/admin/v1/accounts/acme/ranges/0198765400");
        assertThat(map(created.body())).containsEntry("first", "0198765400").containsEntry("last", "0198765499").containsEntry("size", 100L);
        for (int i = 0; i < 100; i++) f.plainNumber(ACME, String.format("01987654%02d", i));
        Instant recent = f.clock.instant().minus(Duration.ofDays(10));
        for (int i = 0; i < used; i++) {
            String n = String.format("01987654%02d", i);
            if (i % 2 == 0) {
                f.write(f.call(ACME, Direction.INBOUND, "0612345678", n, recent, 30, Disposition.ANSWERED));
            } else { // placed by the number, as Asterisk may give the caller: +33…
                f.write(f.call(ACME, Direction.OUTBOUND, "+33" + n.substring(1), "0612345678", recent, 0, Disposition.NO_ANSWER));
            }
        }
        // none of these make a number used: a call too old, a denied call, a call of a number not in the range
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0198765499", f.clock.instant().minus(Duration.ofDays(91)), 30, Disposition.ANSWERED));
        f.write(f.call(ACME, Direction.OUTBOUND, "0198765498", "0612345678", recent, 0, Disposition.DENIED));
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0198765300", recent, 30, Disposition.ANSWERED));
        return f;
    }

    @Test
    void aRangeOf100With79UsedIsFlaggedWith80ItIsNot() throws Exception {
        Map<String, Object> under = map(list(map(rangeWithUse(79).get(REPORT, q()).body()).get("items")).get(0));
        assertThat(under).containsEntry("accountId", ACME).containsEntry("size", 100L).containsEntry("assigned", 100L)
                .containsEntry("used", 79L).containsEntry("usePercent", "79.00").containsEntry("underused", true);
        Map<String, Object> ok = map(list(map(rangeWithUse(80).get(REPORT, q()).body()).get("items")).get(0));
        assertThat(ok).containsEntry("used", 80L).containsEntry("usePercent", "80.00").containsEntry("underused", false);
    }

    @Test
    void onlyAssignedNumbersCountAndThePeriodIsASetting() throws Exception {
        ReportsFixture f = new ReportsFixture(Map.of(ReportsOptions.RANGE_USE_PERIOD, "P5D"));
        create(f, ACME, Map.of("first", "+33198765400", "last", "0198765409"));
        f.plainNumber(ACME, "0198765400");
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0198765400", f.clock.instant().minus(Duration.ofDays(4)), 5, Disposition.ANSWERED));
        f.write(f.call(ACME, Direction.INBOUND, "0612345678", "0198765401", f.clock.instant().minus(Duration.ofDays(4)), 5, Disposition.ANSWERED));
        Map<String, Object> report = map(f.get(REPORT, q("account", ACME)).body());
        assertThat(report).containsEntry("period", "PT120H").containsEntry("threshold", "0.8");
        assertThat(map(list(report.get("items")).get(0))).containsEntry("size", 10L).containsEntry("assigned", 1L)
                .containsEntry("used", 1L).containsEntry("underused", true);
        f.clock.advance(Duration.ofDays(2));
        assertThat(map(list(map(f.get(REPORT, q()).body()).get("items")).get(0))).containsEntry("used", 0L);
    }

    @Test
    void csvListsEveryRange() throws Exception {
        ReportsFixture f = rangeWithUse(79);
        RouteResponse r = f.get(REPORT, q("format", "csv"));
        String[] rows = ReportsFixture.text(r).split("\r\n");
        assertThat(rows[0]).isEqualTo("accountId,first,last,size,assigned,used,usePercent,underused,from,to");
        assertThat(rows[1]).startsWith("acme,0198765400,0198765499,100,100,79,79.00,true,2026-09-03T10:00:00Z,2026-12-02T10:00:00Z");
        assertThat(r.headers().get("Content-Disposition")).contains("ranges.csv");
    }

    @Test
    void rangesMayNotOverlapAcrossAccounts() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.directory.put(new Account("globex", "Globex", Account.DEFAULT_MAX_CALL_SECONDS));
        assertThat(create(f, ACME, Map.of("first", "0198765400", "size", 100)).status()).isEqualTo(201);
        RouteResponse clash = create(f, "globex", Map.of("first", "0198765450", "size", 100));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.detail()).contains("0198765400-0198765499").contains("another account");
        assertThat(create(f, ACME, Map.of("first", "0198765300", "last", "0198765400")).status()).as("one number in common").isEqualTo(409);
        assertThat(create(f, "globex", Map.of("first", "0198765500", "size", 10, "last", "0198765509")).status())
                .as("both, matching").isEqualTo(201);
        assertThat(f.repository.ranges()).hasSize(2);
        assertThat(list(f.get(RANGES, q(), "id", "globex").body())).hasSize(1);
        assertThat(f.audit.all()).extracting(e -> e.action()).containsExactly("range.create", "range.create");
    }

    @Test
    void badRangesAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        ReportsFixture f = new ReportsFixture();
        assertField(f, Map.of("first", "12345", "size", 10), "first");
        assertField(f, Map.of("first", "0198765400"), "size");
        assertField(f, Map.of("first", "0198765400", "size", 10, "last", "0198765419"), "size");  // both, not matching
        assertField(f, Map.of("first", "0198765400", "size", 0), "size");
        assertField(f, Map.of("first", "0198765400", "size", 100_001), "size");
        assertField(f, Map.of("first", "0199999990", "size", 20), "size");            // would run into 02…
        assertField(f, Map.of("first", "0198765400", "last", "0198765399"), "last");   // before first
        assertField(f, Map.of("first", "0198765400", "last", "0298765400"), "last");
        assertField(f, Map.of("first", "112", "size", 1), "first");
        assertField(f, Map.of("first", "0198765400", "size", 10, "note", "x"), "note");
        assertThat(create(f, "nobody", Map.of("first", "0198765400", "size", 10)).status()).isEqualTo(404);
        assertThat(f.repository.ranges()).isEmpty();
        assertThat(f.get(REPORT, q("account", "nobody")).status()).isEqualTo(404);
        assertThatThrownBy(() -> f.get(REPORT, q("format", "pdf")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("format"));
    }

    @Test
    void aRangeIsReleasedByItsAccountOnly() throws Exception {
        ReportsFixture f = new ReportsFixture();
        f.directory.put(new Account("globex", "Globex", Account.DEFAULT_MAX_CALL_SECONDS));
        create(f, ACME, Map.of("first", "0198765400", "size", 100));
        assertThat(f.call(Method.DELETE, RANGES + "/{first}", Map.of(), null, "id", "globex", "first", "0198765400").status()).isEqualTo(404);
        assertThat(f.call(Method.DELETE, RANGES + "/{first}", Map.of(), null, "id", ACME, "first", "0198765400").status()).isEqualTo(204);
        assertThat(f.call(Method.DELETE, RANGES + "/{first}", Map.of(), null, "id", ACME, "first", "0198765400").status()).isEqualTo(404);
        assertThat(f.repository.ranges()).isEmpty();
        assertThat(f.audit.all()).extracting(e -> e.action()).containsExactly("range.create", "range.delete");
    }

    private static void assertField(ReportsFixture f, Map<String, Object> body, String field) {
        assertThatThrownBy(() -> create(f, ACME, body)).as("%s", body)
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors()).extracting(x -> x.field()).contains(field));
    }
}
