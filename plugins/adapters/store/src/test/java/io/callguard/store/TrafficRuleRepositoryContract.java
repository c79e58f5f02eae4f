package io.callguard.store;

import io.callguard.core.directory.Account;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlTrafficRuleRepository} (V12) must do on every database behind {@link Store}. */
interface TrafficRuleRepositoryContract {
    /** An open, empty store (no accounts). */
    Store store();

    @Test
    default void trafficRulesAreWrittenReplacedListedAndGoWithTheirAccount() {
        store().insertAccount(new Account("acme", "Acme", 7200));
        store().insertAccount(new Account("globex", "Globex", 7200));
        SqlTrafficRuleRepository repo = new SqlTrafficRuleRepository(store());
        assertThat(repo.find("acme")).isEmpty();
        repo.save("acme", "LOW_ASR suspend 0.5 40 3 50\n");
        repo.save("globex", "LOW_ASR alert 0.4 40 3 20\n");
        repo.save("acme", "LOW_ASR off 0.5 40 3 50\n");
        assertThat(repo.find("acme")).contains("LOW_ASR off 0.5 40 3 50\n");
        assertThat(repo.all()).containsOnlyKeys("acme", "globex");
        assertThatThrownBy(() -> repo.save("nobody", "x")).isInstanceOf(UnknownReferenceException.class);
        assertThat(store().deleteAccount("acme")).isTrue();
        assertThat(repo.find("acme")).as("deleted with its account").isEmpty();
        assertThat(repo.delete("globex")).isTrue();
        assertThat(repo.delete("globex")).isFalse();
        assertThat(repo.all()).isEmpty();
    }
}
