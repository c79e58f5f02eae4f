package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlTrunkAddressRepository} (V13) must do on every database behind {@link Store}. */
interface TrunkAddressRepositoryContract {
    /** An open, empty store (no accounts). */
    Store store();

    @Test
    default void trunkAddressesAreReplacedInOrderListedAndGoWithTheirTrunk() {
        store().insertAccount(new Account("acme", "Acme", 7200));
        store().insertTrunk(new Trunk("acme-t0", "acme", TrunkKind.T0_IP, 2));
        store().insertTrunk(new Trunk("acme-t2", "acme", TrunkKind.T2_IP, 30));
        SqlTrunkAddressRepository repo = new SqlTrunkAddressRepository(store());
        assertThat(repo.all()).isEmpty();
        repo.replace("acme-t0", List.of("203.0.113.9", "198.51.100.0/28"));
        repo.replace("acme-t2", List.of("2001:db8:0:0:0:0:0:1"));
        repo.replace("acme-t0", List.of("203.0.113.5", "198.51.100.0/28", "10.0.0.0/8"));
        assertThat(repo.all()).isEqualTo(Map.of("acme-t0", List.of("203.0.113.5", "198.51.100.0/28", "10.0.0.0/8"),
                "acme-t2", List.of("2001:db8:0:0:0:0:0:1")));
        assertThat(repo.all().get("acme-t0")).as("in the order written")
                .containsExactly("203.0.113.5", "198.51.100.0/28", "10.0.0.0/8");

        assertThatThrownBy(() -> repo.replace("ghost", List.of("192.0.2.1")))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("trunk 'ghost' does not exist");
        repo.replace("acme-t2", List.of());
        assertThat(repo.all()).containsOnlyKeys("acme-t0");

        assertThat(store().deleteTrunk("acme-t0")).isTrue();
        assertThat(repo.all()).as("deleted with their trunk").isEmpty();
        repo.replace("acme-t2", List.of("192.0.2.7"));
        assertThat(store().deleteAccount("acme")).isTrue();
        assertThat(repo.all()).as("deleted with their trunk's account").isEmpty();
    }

    @Test
    default void aFailedReplaceKeepsTheOldAddresses() {
        store().insertAccount(new Account("acme", "Acme", 7200));
        store().insertTrunk(new Trunk("acme-t0", "acme", TrunkKind.T0_IP, 2));
        SqlTrunkAddressRepository repo = new SqlTrunkAddressRepository(store());
        repo.replace("acme-t0", List.of("203.0.113.5"));
        String tooLong = "x".repeat(200);
        assertThatThrownBy(() -> repo.replace("acme-t0", List.of("203.0.113.6", tooLong)))
                .isInstanceOf(StoreException.class);
        assertThat(repo.all()).as("one transaction: rolled back").isEqualTo(Map.of("acme-t0", List.of("203.0.113.5")));
    }
}
