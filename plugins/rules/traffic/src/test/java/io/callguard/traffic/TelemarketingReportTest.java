package io.callguard.traffic;

import io.callguard.core.directory.Account;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.traffic.api.TrafficRoutes;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** R14: an account calling like a call centre is listed with its figures; an ordinary one is not; nobody is suspended. */
class TelemarketingReportTest {
    private final TrafficFixture f = new TrafficFixture(m -> { });

    private static RouteRequest get() {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return null; }
            @Override public Optional<String> query(String name) { return Optional.empty(); }
            @Override public Optional<String> header(String name) { return Optional.empty(); }
            @Override public Optional<String> accountId() { return Optional.empty(); }
            @Override public String body() { return ""; }
        };
    }

    private CallRecord call(String account, int n, Instant start, long seconds, NumberCategory category, String callee) {
        String id = account + "." + n;
        return new CallRecord(id, id, account, "t-" + account, Direction.OUTBOUND, "0140000000", callee, callee, category,
                "", "ALLOW", "", start, start.plusSeconds(2), start.plusSeconds(2 + seconds), seconds,
                Disposition.ANSWERED, 16, "ast1", false);
    }

    @Test
    void aCallCentreProfileIsListedWithItsFiguresAndNothingIsDone() throws Exception {
        f.directory.put(new Account("dialer", "Dialer", Account.DEFAULT_MAX_CALL_SECONDS));
        Instant t = TrafficFixture.T0;
        for (int i = 0; i < 120; i++) { // 4 calls a second, 12 s each, every one a different mobile
            f.measures.add(call("dialer", i, t.plusMillis(250L * i), 12, NumberCategory.MOBILE, String.format("07%08d", i)));
        }
        for (int i = 0; i < 120; i++) { // one call a minute, 3 min each, to ten landlines
            f.measures.add(call(TrafficFixture.ACME, i, t.plus(Duration.ofMinutes(i)), 180, NumberCategory.GEOGRAPHIC,
                    String.format("01000000%02d", i % 10)));
        }
        ModuleRoute report = new TrafficRoutes(f.directory, f.measures, f.rules, f.records,
                new TrafficOptions.Telemarketing(100, 3, new BigDecimal("0.5"), new BigDecimal("0.8"),
                        new BigDecimal("0.6"), 3)).admin().stream()
                .filter(r -> r.path().equals("/admin/v1/reports/telemarketing")).findFirst().orElseThrow();
        RouteResponse r = report.handler().handle(get());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) r.body()).get("items");
        assertThat(items).extracting(m -> m.get("accountId")).containsExactly("dialer");
        assertThat(items.get(0)).containsEntry("peakCallsPerSecond", 4L).containsEntry("placed", 120L)
                .containsEntry("distinctDestinations", 120L);
        assertThat(items.get(0).get("signals")).asList()
                .containsExactly("peakCallsPerSecond", "shortCallsShare", "distinctDestinationsShare", "mobileShare");
        assertThat(f.suspensions.book().openFor("dialer")).isEmpty();
    }
}
