package io.callguard.siprates;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' sip-addresses on one repository (the shared store): a trunk's addresses written on node A are published;
 * node B, listening on a {@link LocalChangeFeed}, reads every trunk's again and names R5's account by them.
 */
class TrunkAddressChangesTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryTrunkAddressRepository store = new InMemoryTrunkAddressRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:00:00Z"));
    private final AccountAddresses onA = new AccountAddresses(store, directory, Map.of(), audit, clock);
    private final AccountAddresses onB = new AccountAddresses(store, directory, Map.of(), audit, clock);
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();

    TrunkAddressChangesTest() {
        directory.put(new Account("acme", "Acme", 7200));
        directory.put(new Trunk("acme-t0", "acme", TrunkKind.T0_IP, 2));
        onA.publishChangesTo(LocalChangeFeed.relayingTo(feedB, published::add));
        feedB.subscribe(AccountAddresses.CHANGES, ChangeListener.reloading(onB::load));
    }

    @Test
    void addressesWrittenOnANameTheAccountOnBAndTheirRemovalToo() {
        Trunk t = directory.trunk("acme-t0").orElseThrow();
        onA.replace(t, List.of(TrunkAddress.parse("203.0.113.0/28")), "ops");
        assertThat(published).containsExactly(AccountAddresses.CHANGES + " acme-t0");
        assertThat(onB.accountOf("203.0.113.5")).isEqualTo("acme");

        onA.replace(t, List.of(), "ops");
        assertThat(onB.accountOf("203.0.113.5")).isNull();
    }
}
