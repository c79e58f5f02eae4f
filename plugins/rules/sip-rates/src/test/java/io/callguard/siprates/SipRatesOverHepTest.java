package io.callguard.siprates;

import io.callguard.core.audit.AuditQuery;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import io.callguard.hep.HepCollector;
import io.callguard.hep.HepOptions;
import io.callguard.hep.HepSender;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * R7 end to end over a real UDP socket: HEP3 datagrams as res_hep sends them, into the HEP collector, told to the
 * module's watch. The capture timestamps carry the rate (an exact one-second window); the module's clock the expiry.
 */
class SipRatesOverHepTest {
    private static final Instant T0 = Instant.parse("2026-12-06T17:00:00Z");
    private static final String FLOODER = "198.51.100.7";
    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final SipRatesModule.Parts parts = SipRatesModule.Parts.of(
            SipRatesOptions.limits(60, 30, Duration.ofMinutes(10)), clock, audit, FrenchNumberingPlan.withDefaults());

    @AfterEach
    void close() throws Exception {
        parts.actions().close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sixtyOneMessagesWithinOneSecondBlockTheAddressWithItsExpiry() throws Exception {
        send(61, 16); // 61 messages over 960 ms

        assertThat(parts.blocks().find(FLOODER)).hasValueSatisfying(b -> {
            assertThat(b.since()).isEqualTo(T0);
            assertThat(b.until()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(b.count()).isEqualTo(1); // the 61st; later messages count on
            assertThat(b.reason()).contains("60 SIP messages");
        });
        RouteResponse listed = route(ModuleRoute.Method.GET).handler().handle(new FakeAdminRequest(Map.of()));
        assertThat(listed.status()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) listed.body()).get("items");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item).containsEntry("address", FLOODER).containsEntry("until", "2026-12-06T17:10:00Z")
                    .containsEntry("since", "2026-12-06T17:00:00Z").containsEntry("count", 1L);
        });
        parts.actions().drain();
        assertThat(audit.list(new AuditQuery("address:", null, 10))).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("sip-address.block"));

        // the block expires after blockFor: gone from the list, its expiry audited
        clock.advance(Duration.ofMinutes(10));
        parts.tick();
        assertThat(parts.blocks().list(clock.instant())).isEmpty();
    }

    @Test
    void sixtyMessagesWithinOneSecondDoNotAndTheWindowSlides() throws Exception {
        send(60, 16); // 60 messages over 944 ms: at the limit
        assertThat(parts.blocks().list(clock.instant())).isEmpty();

        // a 61st 1001 ms after the first: the first has left the window (exact, not a fixed bucket)
        sendAt(60, 1_001_000);
        assertThat(parts.blocks().list(clock.instant())).isEmpty();
        // a 62nd 1 ms later: 61 in (2 ms, 1002 ms]
        sendAt(61, 1_002_000);
        assertThat(parts.blocks().find(FLOODER)).isPresent();
    }

    @Test
    void anUnblockedAddressLeavesTheListAndAnUnknownOneIs404() throws Exception {
        send(61, 1);
        ModuleRoute delete = route(ModuleRoute.Method.DELETE);
        // the HTTP adapter answers InvalidFields with its 400 validation problem naming the field
        assertThatThrownBy(() -> delete.handler().handle(new FakeAdminRequest(Map.of("address", "not-an-ip"))))
                .isInstanceOfSatisfying(RouteResponse.InvalidFields.class,
                        e -> assertThat(e.errors()).extracting(RouteResponse.InvalidFields.FieldError::field).containsExactly("address"));
        assertThat(delete.handler().handle(new FakeAdminRequest(Map.of("address", "203.0.113.9"))).status())
                .isEqualTo(404);
        assertThat(delete.handler().handle(new FakeAdminRequest(Map.of("address", FLOODER))).status()).isEqualTo(204);
        assertThat(parts.blocks().list(clock.instant())).isEmpty();
        parts.actions().drain();
        assertThat(audit.list(new AuditQuery("address:", null, 10))).extracting(e -> e.action() + " " + e.actor())
                .containsExactly("sip-address.unblock ops", "sip-address.block sip-rates");
    }

    private ModuleRoute route(ModuleRoute.Method method) {
        return BlockedAddressRoutes.of(parts.blocks(), parts.actions(), clock).stream()
                .filter(r -> r.method() == method).findFirst().orElseThrow();
    }

    /** {@code n} OPTIONS from the flooder, {@code stepMillis} apart in capture time, each over UDP; waits for all. */
    private void send(int n, int stepMillis) throws Exception {
        long base = T0.getEpochSecond();
        CountDownLatch all = new CountDownLatch(n);
        HepCollector collector = collector(all);
        int port = collector.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (HepSender sender = new HepSender("127.0.0.1", port)) {
            for (int i = 0; i < n; i++) {
                long micros = (long) i * stepMillis * 1000;
                sender.send(HepSender.hep(FLOODER, HepSender.options(i), base + micros / 1_000_000, micros % 1_000_000));
            }
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).as("all %d datagrams delivered", n).isTrue();
        assertThat(collector.counters().malformed()).isZero();
        collector.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One OPTIONS {@code micros} after T0 in capture time. */
    private void sendAt(int n, long micros) throws Exception {
        CountDownLatch one = new CountDownLatch(1);
        HepCollector collector = collector(one);
        int port = collector.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (HepSender sender = new HepSender("127.0.0.1", port)) {
            sender.send(HepSender.hep(FLOODER, HepSender.options(n), T0.getEpochSecond() + micros / 1_000_000,
                    micros % 1_000_000));
        }
        assertThat(one.await(10, TimeUnit.SECONDS)).isTrue();
        collector.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HepCollector collector(CountDownLatch delivered) {
        return new HepCollector(vertx, HepOptions.on("127.0.0.1", 0),
                m -> { parts.watch().seen(m); delivered.countDown(); }, clock);
    }
}
