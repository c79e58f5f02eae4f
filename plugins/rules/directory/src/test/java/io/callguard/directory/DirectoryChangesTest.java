package io.callguard.directory;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.config.ConfigView;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two directory "nodes" on one repository (the shared store): node A's writes publish their account's id; node B's
 * module, started with a {@link LocalChangeFeed}, hears them as another node's and makes its directory what the store
 * holds, deletions taking with them what they take on the writing node. A full reload heals what was never told.
 */
class DirectoryChangesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-02T09:00:00Z"));
    private final InMemoryDirectoryRepository store = new InMemoryDirectoryRepository();
    private final InMemoryDirectory onA = new InMemoryDirectory();
    private final InMemoryDirectory onB = new InMemoryDirectory();
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();
    private final List<String> toldOnB = new ArrayList<>();
    private DirectoryService nodeA;

    /** Node A's feed: what it publishes reaches node B as a notification would. */
    private final ChangeFeed feedA = LocalChangeFeed.relayingTo(feedB, published::add);

    @BeforeEach
    void startBothNodes() {
        AuditLog audit = new InMemoryAuditLog();
        nodeA = new DirectoryService(store, onA, audit, new DirectoryService.Services() {
            @Override public <T> List<T> all(Class<T> type) { return List.of(); }
        }, clock, feedA);
        Map<Class<?>, Object> services = Map.of(Clock.class, clock, InMemoryDirectory.class, onB,
                FrenchNumberingPlan.class, FrenchNumberingPlan.withDefaults(), DirectoryRepository.class, store,
                AuditLog.class, audit, ChangeFeed.class, feedB);
        Map<Class<?>, List<Object>> listeners = Map.of(
                TrunkRemovalListener.class, List.of((TrunkRemovalListener) id -> toldOnB.add("trunk " + id)),
                AccountRemovalListener.class, List.of((AccountRemovalListener) id -> {
                    toldOnB.add("account " + id);
                    return Map.of();
                }));
        new DirectoryModule().start(new ModuleContext() {
            @Override public ConfigView config() { throw new UnsupportedOperationException("no options"); }

            @Override public <T> T service(Class<T> type) { return type.cast(services.get(type)); }

            @Override public <T> java.util.Optional<T> find(Class<T> type) {
                return java.util.Optional.ofNullable(services.get(type)).map(type::cast);
            }

            @Override
            public <T> List<T> all(Class<T> type) { return listeners.getOrDefault(type, List.of()).stream().map(type::cast).toList(); }
        });
    }

    @Test
    void everyWriteOnAPublishesItsAccountAndBHoldsWhatTheStoreHolds() {
        nodeA.createAccount(new Account("acme", "Acme", 60), "alice");
        nodeA.createTrunk(new Trunk("t1", "acme", TrunkKind.T0_IP, 2), "alice");
        nodeA.createTrunk(new Trunk("t2", "acme", TrunkKind.T0_IP, 2), "alice");
        nodeA.createNumber(new DidNumber("0198765432", "acme", "t1"), "alice");
        nodeA.replaceAccount(new Account("acme", "Acme SA", 120), "alice");
        nodeA.replaceTrunk(new Trunk("t2", "acme", TrunkKind.T0_IP, 4), "alice");

        assertThat(published).containsOnly(DirectoryModule.CHANGES + " acme").hasSize(6);
        assertThat(onB.account("acme")).contains(new Account("acme", "Acme SA", 120));
        assertThat(onB.trunk("t2")).contains(new Trunk("t2", "acme", TrunkKind.T0_IP, 4));
        assertThat(onB.number("0198765432")).contains(new DidNumber("0198765432", "acme", "t1"));
        assertThat(toldOnB).isEmpty();

        nodeA.deleteTrunk("acme", "t1", "alice");
        assertThat(onB.trunk("t1")).as("deleted on A").isEmpty();
        assertThat(onB.number("0198765432")).as("the store cleared its trunk").contains(new DidNumber("0198765432", "acme", null));
        assertThat(toldOnB).containsExactly("trunk t1");

        nodeA.deleteNumber("acme", java.util.Optional.of("0198765432"), "0198765432", "alice");
        assertThat(onB.number("0198765432")).isEmpty();
    }

    @Test
    void anAccountDeletedOnALeavesBWithItsTrunksAndNumbersAndTellsBsRules() {
        nodeA.createAccount(new Account("acme", "Acme", 60), "alice");
        nodeA.createTrunk(new Trunk("t1", "acme", TrunkKind.T0_IP, 2), "alice");
        nodeA.createNumber(new DidNumber("0198765432", "acme", "t1"), "alice");
        nodeA.createAccount(new Account("globex", "Globex", 60), "alice");

        nodeA.deleteAccount("acme", "alice");

        assertThat(onB.account("acme")).isEmpty();
        assertThat(onB.trunk("t1")).isEmpty();
        assertThat(onB.number("0198765432")).isEmpty();
        assertThat(onB.account("globex")).as("the others stay").isPresent();
        assertThat(toldOnB).containsExactly("trunk t1", "account acme");
        // a notification of an account B never had (or already removed) changes nothing
        feedB.deliver(DirectoryModule.CHANGES, "acme");
        feedB.deliver(DirectoryModule.CHANGES, "not a valid id!");
        assertThat(toldOnB).hasSize(2);
    }

    @Test
    void aFullReloadHealsWhatNoNotificationTold() {
        store.insertAccount(new Account("acme", "Acme", 60));
        store.insertTrunk(new Trunk("t1", "acme", TrunkKind.T0_IP, 2));
        store.insertAccount(new Account("gone", "Gone", 60));
        feedB.reloadAll();
        assertThat(onB.accounts()).extracting(Account::id).containsExactlyInAnyOrder("acme", "gone");
        assertThat(onB.trunk("t1")).isPresent();

        store.deleteAccount("gone");
        store.deleteTrunk("t1");
        store.updateAccount(new Account("acme", "Acme SA", 90));
        feedB.reloadAll();
        assertThat(onB.accounts()).containsExactly(new Account("acme", "Acme SA", 90));
        assertThat(onB.trunk("t1")).isEmpty();
        assertThat(toldOnB).containsExactlyInAnyOrder("trunk t1", "account gone");
    }
}
