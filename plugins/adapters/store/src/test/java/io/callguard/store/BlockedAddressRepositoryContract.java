package io.callguard.store;

import io.callguard.core.audit.AuditQuery;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.sip.SipMessageSeen;
import io.callguard.core.time.MutableClock;
import io.callguard.siprates.BlockedAddress;
import io.callguard.siprates.SipRatesModule;
import io.callguard.siprates.SipRatesOptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link SqlBlockedAddressRepository} (V14) must do on every database behind {@link Store}. */
interface BlockedAddressRepositoryContract {
    Instant T0 = Instant.parse("2026-12-06T17:00:00Z");

    /** An open store (the sip_blocked_address rows of earlier tests may be there: each test empties it first). */
    Store store();

    /** The options of the store under test, to open it again (a restart). */
    StoreOptions storeOptions();

    private static SqlBlockedAddressRepository emptied(Store store) {
        SqlBlockedAddressRepository repo = new SqlBlockedAddressRepository(store);
        repo.all().forEach(b -> repo.delete(b.address()));
        return repo;
    }

    @Test
    default void blocksAreWrittenReplacedListedAndDeletedToTheMillisecond() {
        SqlBlockedAddressRepository repo = emptied(store());
        BlockedAddress v4 = new BlockedAddress("198.51.100.7", "R7: more than 60 SIP messages in one second",
                T0, T0.plus(Duration.ofMinutes(10)), 1);
        BlockedAddress v6 = new BlockedAddress("2001:db8:0:0:0:0:0:7", "R7", T0.plusMillis(250),
                T0.plusSeconds(3600).plusMillis(250), 3);
        repo.save(v6);
        repo.save(v4);
        assertThat(repo.all()).containsExactly(v4, v6);

        // replaced whole: a new block of the same address (an expired one re-blocked), its count
        BlockedAddress again = new BlockedAddress("198.51.100.7", "R7 again", T0.plusSeconds(700),
                T0.plusSeconds(1300), 42);
        repo.save(again);
        assertThat(repo.all()).containsExactly(again, v6);

        // sub-millisecond digits are not kept (PostgreSQL would round them, H2 keep them)
        repo.save(new BlockedAddress("203.0.113.1", "R7", T0.plusNanos(1_234_567), T0.plusSeconds(60).plusNanos(999_999), 1));
        assertThat(repo.all()).filteredOn(b -> b.address().equals("203.0.113.1")).singleElement()
                .satisfies(b -> {
                    assertThat(b.since()).isEqualTo(T0.plusMillis(1));
                    assertThat(b.until()).isEqualTo(T0.plusSeconds(60));
                });

        assertThat(repo.delete("198.51.100.7")).isTrue();
        assertThat(repo.delete("198.51.100.7")).isFalse();
        assertThat(repo.all()).extracting(BlockedAddress::address).containsExactly("2001:db8:0:0:0:0:0:7", "203.0.113.1");
    }

    /**
     * The module started twice over this database, the store closed and opened again between: the block in force
     * comes back with its expiry and count; one that expired while stopped is dropped, its row deleted, its
     * unblock audited.
     */
    @Test
    default void aRestartOverTheStoreKeepsTheBlocksInForceAndDropsTheExpiredOnes() throws Exception {
        emptied(store());
        MutableClock clock = new MutableClock(T0);
        SipRatesOptions options = SipRatesOptions.limits(60, 30, Duration.ofMinutes(10));
        InMemoryAuditLog audit = new InMemoryAuditLog();
        SipRatesModule.Parts first = SipRatesModule.Parts.of(options, clock, audit, FrenchNumberingPlan.withDefaults(),
                new SqlBlockedAddressRepository(store()));
        for (int i = 0; i < 61; i++) first.watch().seen(options("198.51.100.7", i * 10_000L));
        for (int i = 0; i < 4; i++) first.watch().seen(options("198.51.100.7", 700_000L + i)); // counted while blocked
        clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 61; i++) first.watch().seen(options("2001:db8::9", 120_000_000L + i * 10_000L));
        first.close(); // after the queued writes, and the counts stored

        // one blocked earlier, whose block ends while callguard is stopped
        new SqlBlockedAddressRepository(store()).save(new BlockedAddress("203.0.113.3", "R7", T0.minusSeconds(60),
                T0.plusSeconds(300), 9));
        store().close();
        clock.advance(Duration.ofMinutes(5)); // T0 + 7 min

        try (Store reopened = Store.open(storeOptions())) {
            SqlBlockedAddressRepository repo = new SqlBlockedAddressRepository(reopened);
            SipRatesModule.Parts second = SipRatesModule.Parts.of(options, clock, audit,
                    FrenchNumberingPlan.withDefaults(), repo);
            try {
                assertThat(second.blocks().list(clock.instant())).extracting(BlockedAddress::address,
                        BlockedAddress::until, BlockedAddress::count).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("198.51.100.7", T0.plus(Duration.ofMinutes(10)), 5L),
                        org.assertj.core.groups.Tuple.tuple("2001:db8:0:0:0:0:0:9", T0.plus(Duration.ofMinutes(12)), 1L));
                assertThat(second.blocks().find("203.0.113.3")).isEmpty();
            } finally {
                second.close();
            }
            assertThat(repo.all()).extracting(BlockedAddress::address)
                    .containsExactly("198.51.100.7", "2001:db8:0:0:0:0:0:9");
            assertThat(audit.list(new AuditQuery("address:203.0.113.3", null, 10))).singleElement()
                    .satisfies(e -> assertThat(e.action()).isEqualTo("sip-address.unblock"));
        }
    }

    private static SipMessageSeen options(String source, long micros) {
        try {
            return new SipMessageSeen(T0.plusNanos(micros * 1000), InetAddress.getByName(source), 5060,
                    InetAddress.getByName("192.0.2.1"), true, "OPTIONS", "sip:x", 0, "c" + micros, 1, "b" + micros);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
