package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import io.callguard.core.audit.AuditQuery;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.sip.SipMessageSeen;
import io.callguard.core.sip.SipTransactionRateListener;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipRateWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-06T17:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private SipRatesModule.Parts parts;

    @AfterEach
    void close() { if (parts != null) parts.actions().close(); }

    private SipRatesModule.Parts parts(AddressRanges allow, Map<String, String> accounts) {
        parts = SipRatesModule.Parts.of(new SipRatesOptions(60, 30, Duration.ofMinutes(10), allow, accounts,
                List.of(), List.of()), clock, audit, FrenchNumberingPlan.withDefaults());
        return parts;
    }

    private SipRatesModule.Parts parts(Map<String, String> accounts, Supplier<Optional<SipTransactionRateListener>> listener) {
        parts = SipRatesModule.Parts.of(new SipRatesOptions(60, 30, Duration.ofMinutes(10), AddressRanges.NONE, accounts,
                List.of(), List.of()), clock, audit, FrenchNumberingPlan.withDefaults(), listener);
        return parts;
    }

    private static SipMessageSeen request(String source, String method, String uri, String branch, String callId, long micros) {
        try {
            return new SipMessageSeen(T0.plusNanos(micros * 1000), InetAddress.getByName(source), 5060,
                    InetAddress.getByName("192.0.2.1"), true, method, uri, 0, callId, 1, branch);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void r5AlertsOncePerCrossingAndCountsNeitherRetransmissionsNorAckNorCancel() throws Exception {
        SipRatesModule.Parts p = parts(AddressRanges.NONE, Map.of("203.0.113.5", "acme"));
        for (int i = 0; i < 30; i++) p.watch().seen(request("203.0.113.5", "INVITE", "sip:0145@x", "b" + i, "c" + i, i * 1000L));
        // retransmissions (same branch), ACKs and CANCELs: no new transaction
        for (int i = 0; i < 20; i++) {
            p.watch().seen(request("203.0.113.5", "INVITE", "sip:0145@x", "b" + i, "c" + i, 40_000L + i));
            p.watch().seen(request("203.0.113.5", "ACK", "sip:0145@x", "a" + i, "c" + i, 40_000L + i));
            p.watch().seen(request("203.0.113.5", "CANCEL", "sip:0145@x", "b" + i, "c" + i, 40_000L + i));
        }
        assertThat(p.watch().counters()).containsEntry("transactions", 30L).containsEntry("transactionRateAlerts", 0L);
        // the 31st and 32nd transactions within the second: one alert
        p.watch().seen(request("203.0.113.5", "REGISTER", "sip:x", "n1", "r1", 50_000));
        p.watch().seen(request("203.0.113.5", "REGISTER", "sip:x", "n2", "r2", 51_000));
        assertThat(p.watch().counters()).containsEntry("transactionRateAlerts", 1L);
        p.actions().drain();
        assertThat(audit.list(new AuditQuery("account:acme", null, 10))).singleElement()
                .satisfies(e -> assertThat(e.after()).contains("SIP_TRANSACTION_RATE"));
        // R5 only alerts; the 92 messages within the second are over R7, which blocked the address
        assertThat(p.blocks().find("203.0.113.5")).isPresent();
    }

    @Test
    void r5CrossingsAreToldToTheListenerOnceEachAndSipRatesThenAuditsNoAlertOfItsOwn() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        SipRatesModule.Parts p = parts(Map.of("203.0.113.5", "acme"), () -> Optional.of(
                (account, address, limit, at) -> told.add(account + " " + address + " " + limit + " " + at)));
        for (int i = 0; i < 30; i++) p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "b" + i, "c" + i, i * 1000L));
        assertThat(told).isEmpty();
        p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "b30", "c30", 30_000));
        p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "b31", "c31", 31_000));
        assertThat(told).containsExactly("acme 203.0.113.5 30 " + T0);
        // 2 s later (capture time) the window holds one transaction: the crossing ended; 31 more are a new crossing
        for (int i = 0; i < 31; i++) {
            p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "n" + i, "d" + i, 2_000_000L + i * 1000L));
        }
        assertThat(told).hasSize(2);
        assertThat(p.watch().counters()).containsEntry("transactionRateAlerts", 2L).containsEntry("transactionRateTold", 2L);
        p.actions().drain();
        assertThat(audit.list(new AuditQuery("account:acme", null, 10))).as("no sip-rates.alert: traffic acts").isEmpty();
    }

    @Test
    void r5IsAskedForItsListenerAtEachCrossingSoAModuleStartedLaterIsTold() throws Exception {
        AtomicReference<SipTransactionRateListener> offered = new AtomicReference<>();
        List<String> told = new CopyOnWriteArrayList<>();
        SipRatesModule.Parts p = parts(Map.of("203.0.113.5", "acme"), () -> Optional.ofNullable(offered.get()));
        for (int i = 0; i < 31; i++) p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "b" + i, "c" + i, i * 1000L));
        p.actions().drain();
        assertThat(audit.list(new AuditQuery("account:acme", null, 10))).as("none offered yet: sip-rates alerts")
                .singleElement().satisfies(e -> assertThat(e.action()).isEqualTo("sip-rates.alert"));

        offered.set((account, address, limit, at) -> told.add(account));
        for (int i = 0; i < 31; i++) {
            p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "n" + i, "d" + i, 2_000_000L + i * 1000L));
        }
        p.actions().drain();
        assertThat(told).containsExactly("acme");
        assertThat(audit.list(new AuditQuery("account:acme", null, 10))).hasSize(1);
    }

    @Test
    void aFailingListenerFallsBackToSipRatesOwnAlert() throws Exception {
        SipRatesModule.Parts p = parts(Map.of("203.0.113.5", "acme"), () -> Optional.of((account, address, limit, at) -> {
            throw new IllegalStateException("boom");
        }));
        for (int i = 0; i < 31; i++) p.watch().seen(request("203.0.113.5", "OPTIONS", "sip:x", "b" + i, "c" + i, i * 1000L));
        p.actions().drain();
        assertThat(audit.list(new AuditQuery("account:acme", null, 10))).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("sip-rates.alert"));
        assertThat(p.watch().counters()).containsEntry("transactionRateAlerts", 1L).containsEntry("transactionRateTold", 0L);
    }

    @Test
    void anAllowListedAddressIsNeverBlocked() {
        SipRatesModule.Parts p = parts(AddressRanges.parse(List.of("10.0.0.0/8", "2001:db8::/32")), Map.of());
        for (int i = 0; i < 200; i++) {
            p.watch().seen(request("10.1.2.3", "OPTIONS", "sip:x", "b" + i, "c" + i, i));
            p.watch().seen(request("2001:db8::5", "OPTIONS", "sip:x", "v" + i, "d" + i, i));
        }
        assertThat(p.blocks().list(clock.instant())).isEmpty();
        assertThat(p.watch().counters()).containsEntry("sparedAllowed", 2L);
    }

    @Test
    void anAddressCarryingAnEmergencyCallIsNotBlockedUntilTheCallEnds() {
        SipRatesModule.Parts p = parts(AddressRanges.NONE, Map.of());
        p.watch().seen(request("198.51.100.9", "INVITE", "sip:112@192.0.2.1;user=phone", "e1", "sos", 0));
        for (int i = 0; i < 100; i++) p.watch().seen(request("198.51.100.9", "OPTIONS", "sip:x", "b" + i, "c" + i, 1000 + i));
        assertThat(p.blocks().list(clock.instant())).isEmpty();
        assertThat(p.watch().counters().get("sparedEmergency")).isPositive();
        // the BYE ends it: the next message over the limit blocks
        p.watch().seen(request("198.51.100.9", "BYE", "sip:x", "bye", "sos", 2000));
        p.watch().seen(request("198.51.100.9", "OPTIONS", "sip:x", "last", "c", 2001));
        assertThat(p.blocks().find("198.51.100.9")).isPresent();
    }

    @Test
    void anExpiredBlockIsReplacedByANewOneBeforeTheTimerRemovesIt() {
        BlockList blocks = new BlockList();
        assertThat(blocks.block("192.0.2.9", "r", T0, Duration.ofMinutes(10))).isTrue();
        assertThat(blocks.block("192.0.2.9", "r", T0.plusSeconds(60), Duration.ofMinutes(10))).isFalse();
        assertThat(blocks.block("192.0.2.9", "r", T0.plusSeconds(600), Duration.ofMinutes(10))).isTrue();
        assertThat(blocks.find("192.0.2.9")).hasValueSatisfying(b -> assertThat(b.until()).isEqualTo(T0.plusSeconds(1200)));
    }

    @Test
    void addressListsReadLiteralsAndRangesOnly() {
        AddressRanges list = AddressRanges.parse(List.of("192.0.2.1", "198.51.100.0/24", "2001:db8::/32"));
        assertThat(list.contains(address("192.0.2.1"))).isTrue();
        assertThat(list.contains(address("192.0.2.2"))).isFalse();
        assertThat(list.contains(address("198.51.100.200"))).isTrue();
        assertThat(list.contains(address("2001:db8:1::1"))).isTrue();
        assertThat(list.contains(address("2001:db9::1"))).isFalse();
        assertThatThrownBy(() -> AddressRanges.parse(List.of("sbc.example.net"))).hasMessageContaining("sbc.example.net");
        assertThatThrownBy(() -> AddressRanges.parse(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
        assertThat(AddressRanges.canonical("999.1.1.1")).isNull();
        assertThat(AddressRanges.canonical("[2001:db8::1]")).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
