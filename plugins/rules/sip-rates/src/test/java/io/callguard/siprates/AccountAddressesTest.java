package io.callguard.siprates;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R5's account of a source address: trunk addresses (exact, then longest prefix), then the option's pairs. */
class AccountAddressesTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryTrunkAddressRepository repository = new InMemoryTrunkAddressRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:00:00Z"));
    private AccountAddresses addresses;

    @BeforeEach
    void seed() {
        directory.put(new Account("acme", "Acme", 7200));
        directory.put(new Account("globex", "Globex", 7200));
        directory.put(new Trunk("acme-t0", "acme", TrunkKind.T0_IP, 2));
        directory.put(new Trunk("acme-t2", "acme", TrunkKind.T2_IP, 30));
        directory.put(new Trunk("globex-t0", "globex", TrunkKind.T0_IP, 2));
        addresses = withFallback(Map.of("192.0.2.50", "initech", "198.51.100.7", "initech"));
    }

    private AccountAddresses withFallback(Map<String, String> fallback) {
        return new AccountAddresses(repository, directory, fallback, audit, clock);
    }

    private List<String> put(String trunk, String... entries) {
        return addresses.replace(directory.trunk(trunk).orElseThrow(),
                List.of(entries).stream().map(TrunkAddress::parse).toList(), "ops");
    }

    @Test
    void anExactAddressNamesItsTrunksAccountAndAnUnknownOneNone() {
        put("acme-t0", "203.0.113.5", "2001:db8::1");
        assertThat(addresses.accountOf("203.0.113.5")).isEqualTo("acme");
        assertThat(addresses.accountOf("2001:db8:0:0:0:0:0:1")).as("as getHostAddress writes it").isEqualTo("acme");
        assertThat(addresses.accountOf("203.0.113.6")).isNull();
        assertThat(addresses.accountOf("2001:db8:0:0:0:0:0:2")).isNull();
    }

    @Test
    void aRangeHoldsItsAddressesAndTheLongestPrefixWins() {
        put("acme-t0", "198.51.100.0/24", "2001:db8::/32");
        put("acme-t2", "198.51.100.16/28");
        assertThat(addresses.accountOf("198.51.100.200")).isEqualTo("acme");
        assertThat(addresses.accountOf("2001:db8:ffff:0:0:0:0:9")).isEqualTo("acme");
        assertThat(addresses.accountOf("198.51.101.1")).isNull();
        assertThat(addresses.accountOf("2001:db9:0:0:0:0:0:1")).isNull();

        // the same account's trunks may overlap: the /28's trunk gone, the /24 still answers
        assertThat(addresses.accountOf("198.51.100.20")).isEqualTo("acme");
        directory.removeTrunk("acme-t2");
        addresses.trunkRemoved("acme-t2");
        assertThat(addresses.accountOf("198.51.100.20")).as("the /24 still holds it").isEqualTo("acme");
    }

    @Test
    void theLongestPrefixIsTheTrunkThatAnswers() {
        // two accounts cannot overlap through the API: the stored state (loaded at start) can, and the longest wins
        repository.replace("globex-t0", List.of("10.0.0.0/8"));
        repository.replace("acme-t0", List.of("10.1.2.0/24"));
        repository.replace("acme-t2", List.of("10.1.2.3"));
        assertThat(addresses.load()).isEqualTo(3);
        assertThat(addresses.accountOf("10.200.0.1")).isEqualTo("globex");
        assertThat(addresses.accountOf("10.1.2.9")).isEqualTo("acme");
        repository.replace("acme-t0", List.of());
        repository.replace("acme-t2", List.of());
        repository.replace("globex-t0", List.of("10.0.0.0/8", "10.1.0.0/16"));
        repository.replace("acme-t0", List.of("10.1.2.0/24"));
        addresses.load();
        assertThat(addresses.accountOf("10.1.2.9")).isEqualTo("acme");
        assertThat(addresses.accountOf("10.1.3.9")).isEqualTo("globex");
    }

    @Test
    void theOptionIsTheFallbackAndTheTrunkComesFirst() {
        assertThat(addresses.accountOf("192.0.2.50")).isEqualTo("initech");
        put("globex-t0", "198.51.100.7");
        assertThat(addresses.accountOf("198.51.100.7")).as("the trunk's address before the option's").isEqualTo("globex");
        assertThat(addresses.accountOf("192.0.2.50")).isEqualTo("initech");
    }

    @Test
    void aRemovedTrunksAddressesNoLongerNameItsAccount() {
        put("acme-t0", "203.0.113.5", "198.51.100.0/28");
        put("globex-t0", "192.0.2.50");
        assertThat(addresses.accountOf("192.0.2.50")).isEqualTo("globex");
        directory.removeTrunk("acme-t0");
        addresses.trunkRemoved("acme-t0");
        assertThat(addresses.accountOf("203.0.113.5")).isNull();
        assertThat(addresses.accountOf("198.51.100.1")).isNull();
        assertThat(addresses.of("acme-t0")).isEmpty();
        assertThat(repository.all()).containsOnlyKeys("globex-t0");
        // a trunk the directory no longer knows (removal not told yet) names no account either: the option answers
        directory.removeTrunk("globex-t0");
        assertThat(addresses.accountOf("192.0.2.50")).isEqualTo("initech");
    }

    @Test
    void anotherAccountsAddressOrOverlappingRangeIsRefusedAndTheSameAccountsTrunksMayShare() {
        put("acme-t0", "203.0.113.5", "198.51.100.0/28");
        assertThat(put("acme-t2", "203.0.113.5", "198.51.100.0/24")).containsExactly("203.0.113.5", "198.51.100.0/24");
        assertThatThrownBy(() -> put("globex-t0", "203.0.113.5"))
                .isInstanceOf(AccountAddresses.Conflict.class).hasMessageContaining("trunk 'acme-t");
        assertThatThrownBy(() -> put("globex-t0", "198.51.100.9"))
                .isInstanceOf(AccountAddresses.Conflict.class).hasMessageContaining("'198.51.100.9' overlaps");
        assertThatThrownBy(() -> put("globex-t0", "198.51.0.0/16"))
                .isInstanceOf(AccountAddresses.Conflict.class).hasMessageContaining("'198.51.0.0/16' overlaps");
        assertThat(addresses.of("globex-t0")).as("nothing written").isEmpty();
        assertThat(repository.all()).doesNotContainKey("globex-t0");
        assertThat(put("globex-t0", "198.51.101.0/24", "2001:db8::1")).hasSize(2);
    }

    @Test
    void aWriteIsAuditedWithBeforeAndAfter() {
        put("acme-t0", "203.0.113.5");
        put("acme-t0", "198.51.100.5/28");
        AuditEntry last = audit.all().get(audit.all().size() - 1);
        assertThat(last.action()).isEqualTo("trunk.sip-addresses");
        assertThat(last.target()).isEqualTo("trunk:acme-t0");
        assertThat(last.actor()).isEqualTo("ops");
        assertThat(last.before()).isEqualTo("{\"addresses\":[\"203.0.113.5\"]}");
        assertThat(last.after()).isEqualTo("{\"addresses\":[\"198.51.100.0/28\"]}");
    }

    @Test
    void entriesAreCanonicalAndNamesAreNotAddresses() {
        assertThat(TrunkAddress.parse(" 198.51.100.5/28 ").text()).isEqualTo("198.51.100.0/28");
        assertThat(TrunkAddress.parse("203.0.113.5/32").text()).isEqualTo("203.0.113.5");
        assertThat(TrunkAddress.parse("2001:DB8::/32").text()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(TrunkAddress.parse("[2001:db8::1]").text()).isEqualTo("2001:db8:0:0:0:0:0:1");
        for (String bad : List.of("sip.example.com", "localhost", "203.0.113.256", "198.51.100.0/33", "198.51.100.0/",
                "198.51.100.0/-1", "2001:db8::/129", "", "1.2.3")) {
            assertThatThrownBy(() -> TrunkAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
