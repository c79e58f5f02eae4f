package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import io.callguard.core.audit.AuditQuery;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The block list across restarts: the module's parts built twice over one repository with one clock (the store's
 * own test does the same over H2 and PostgreSQL), and what happens when the repository fails.
 */
class BlockPersistenceTest {
    private static final Instant T0 = Instant.parse("2026-12-06T17:00:00Z");
    private static final String FLOODER = "198.51.100.7";
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final List<SipRatesModule.Parts> started = new ArrayList<>();
    @TempDir Path dir;

    @AfterEach
    void close() { started.forEach(SipRatesModule.Parts::close); }

    private SipRatesModule.Parts start(BlockedAddressRepository repository, List<String> unblockCommand) {
        SipRatesOptions options = new SipRatesOptions(60, 30, Duration.ofMinutes(10), AddressRanges.NONE, Map.of(),
                List.of(), unblockCommand);
        SipRatesModule.Parts parts = SipRatesModule.Parts.of(options, clock, audit, FrenchNumberingPlan.withDefaults(),
                repository);
        started.add(parts);
        return parts;
    }

    @Test
    void aBlockIsStoredWhenMadeAndDeletedWhenLiftedOrExpired() throws Exception {
        InMemoryBlockedAddressRepository repo = new InMemoryBlockedAddressRepository();
        SipRatesModule.Parts p = start(repo, List.of());
        SipFlood.overR7(p, T0, FLOODER, 0);
        SipFlood.overR7(p, T0, "2001:db8::9", 0);
        p.actions().drain();
        assertThat(repo.all()).extracting(BlockedAddress::address, BlockedAddress::since, BlockedAddress::until)
                .containsExactly(tuple(FLOODER, T0, T0.plus(Duration.ofMinutes(10))),
                        tuple("2001:db8:0:0:0:0:0:9", T0, T0.plus(Duration.ofMinutes(10))));

        // lifted by the route
        BlockedAddressRoutes.of(p.blocks(), p.actions(), clock).stream()
                .filter(r -> r.method() == io.callguard.core.module.ModuleRoute.Method.DELETE).findFirst().orElseThrow()
                .handler().handle(new FakeAdminRequest(Map.of("address", FLOODER)));
        p.actions().drain();
        assertThat(repo.all()).extracting(BlockedAddress::address).containsExactly("2001:db8:0:0:0:0:0:9");

        // expired by the timer
        clock.advance(Duration.ofMinutes(10));
        p.tick();
        p.actions().drain();
        assertThat(repo.all()).isEmpty();
    }

    @Test
    void aRestartKeepsTheBlockInForceWithItsCountAndDropsTheOneThatExpiredWhileStopped() throws Exception {
        InMemoryBlockedAddressRepository repo = new InMemoryBlockedAddressRepository();
        Path unblocked = Files.createDirectory(dir.resolve("unblocked"));
        List<String> unblockCommand = List.of("touch", unblocked + "/{address}");
        SipRatesModule.Parts first = start(repo, unblockCommand);
        SipFlood.overR7(first, T0, FLOODER, 0);
        for (int i = 0; i < 4; i++) first.watch().seen(SipFlood.options(T0, FLOODER, 700_000L + i)); // while blocked
        clock.advance(Duration.ofMinutes(8));
        SipFlood.overR7(first, T0, "203.0.113.3", 480_000_000L); // blocked at T0 + 8 min, until T0 + 18 min
        first.close(); // the stop: queued writes done, the counts stored
        started.remove(first);
        assertThat(repo.all()).extracting(BlockedAddress::address, BlockedAddress::count)
                .containsExactly(tuple("198.51.100.7", 5L), tuple("203.0.113.3", 1L));

        clock.advance(Duration.ofMinutes(3)); // T0 + 11 min: the flooder's block ended while stopped
        SipRatesModule.Parts second = start(repo, unblockCommand);
        assertThat(second.blocks().list(clock.instant()))
                .extracting(BlockedAddress::address, BlockedAddress::since, BlockedAddress::until, BlockedAddress::count)
                .containsExactly(tuple("203.0.113.3", T0.plus(Duration.ofMinutes(8)), T0.plus(Duration.ofMinutes(18)), 1L));
        assertThat(second.blocks().find(FLOODER)).isEmpty();
        second.actions().drain();
        assertThat(repo.all()).extracting(BlockedAddress::address).containsExactly("203.0.113.3");
        // unblocked once, as the timer would have: audited, the unblock command run
        assertThat(audit.list(new AuditQuery("address:" + FLOODER, null, 10))).extracting(e -> e.action())
                .containsExactly("sip-address.unblock", "sip-address.block");
        assertThat(unblocked.resolve(FLOODER)).exists();
        assertThat(unblocked.resolve("203.0.113.3")).doesNotExist();

        // the restored block goes on counting and blocking: its messages are counted on it, not over R7 again
        second.watch().seen(SipFlood.options(T0, "203.0.113.3", 660_000_000L));
        assertThat(second.blocks().find("203.0.113.3")).hasValueSatisfying(b -> assertThat(b.count()).isEqualTo(2));
        assertThat(second.watch().counters()).containsEntry("blocks", 0L);
    }

    @Test
    void aStoredBlockOfAnAddressPutOnTheAllowListSinceIsLiftedAtTheStart() throws Exception {
        InMemoryBlockedAddressRepository repo = new InMemoryBlockedAddressRepository();
        repo.save(new BlockedAddress("192.0.2.10", "R7", T0, T0.plusSeconds(600), 1));
        repo.save(new BlockedAddress("2001:db8:0:0:0:0:0:5", "R7", T0, T0.plusSeconds(600), 1));
        repo.save(new BlockedAddress(FLOODER, "R7", T0, T0.plusSeconds(600), 1));
        SipRatesOptions options = new SipRatesOptions(60, 30, Duration.ofMinutes(10),
                AddressRanges.parse(List.of("192.0.2.0/24", "2001:db8::/32")), Map.of(), List.of(), List.of());
        SipRatesModule.Parts p = SipRatesModule.Parts.of(options, clock, audit, FrenchNumberingPlan.withDefaults(), repo);
        started.add(p);
        assertThat(p.blocks().list(clock.instant())).extracting(BlockedAddress::address).containsExactly(FLOODER);
        p.actions().drain();
        assertThat(repo.all()).extracting(BlockedAddress::address).containsExactly(FLOODER);
        assertThat(audit.list(new AuditQuery("address:", null, 10))).extracting(e -> e.action() + " " + e.target())
                .containsExactlyInAnyOrder("sip-address.unblock address:192.0.2.10",
                        "sip-address.unblock address:2001:db8:0:0:0:0:0:5");
    }

    @Test
    void aStoreThatFailsIsLoggedAndTheBlockStands() throws Exception {
        BlockedAddressRepository failing = new BlockedAddressRepository() {
            @Override public void save(BlockedAddress block) { throw new IllegalStateException("database down"); }
            @Override public boolean delete(String address) { throw new IllegalStateException("database down"); }
            @Override public List<BlockedAddress> all() { return List.of(); }
        };
        SipRatesModule.Parts p = start(failing, List.of());
        SipFlood.overR7(p, T0, FLOODER, 0);
        p.actions().drain();
        assertThat(p.blocks().find(FLOODER)).isPresent();
        assertThat(audit.list(new AuditQuery("address:", null, 10))).hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        p.tick();
        p.actions().drain();
        assertThat(p.blocks().list(clock.instant())).isEmpty();
    }

    @Test
    void anUnreadableStoreAtTheStartLeavesTheListEmptyAndTheModuleBlocking() throws Exception {
        InMemoryBlockedAddressRepository written = new InMemoryBlockedAddressRepository();
        BlockedAddressRepository down = new BlockedAddressRepository() {
            @Override public void save(BlockedAddress block) { written.save(block); }
            @Override public boolean delete(String address) { return written.delete(address); }
            @Override public List<BlockedAddress> all() { throw new IllegalStateException("database down"); }
        };
        SipRatesModule.Parts p = start(down, List.of());
        assertThat(p.blocks().list(clock.instant())).isEmpty();
        SipFlood.overR7(p, T0, FLOODER, 0);
        p.actions().drain();
        assertThat(written.all()).extracting(BlockedAddress::address).containsExactly(FLOODER);
    }
}
