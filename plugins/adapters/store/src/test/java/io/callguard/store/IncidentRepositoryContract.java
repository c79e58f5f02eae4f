package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.incidents.Incident;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlIncidentRepository} and the accounts' monthly subscription (V16) must do on every database. */
interface IncidentRepositoryContract {
    /** An open, empty store (no accounts). */
    Store store();

    private static Incident ticket(String id, String account, String opened, String restored) {
        return new Incident(id, account, "trunk-a", Instant.parse(opened), restored == null ? null : Instant.parse(restored),
                "", Instant.parse("2026-12-01T10:00:00.123Z"), "José (back office)");
    }

    @Test
    default void anAccountKeepsItsMonthlySubscriptionOrNone() {
        Account with = new Account("acme", "Acme", 7200, null, null, null, 1000L, "pro", 49_900L);
        Account without = new Account("globex", "Globex", 7200, null, null, null, null, null, null);
        store().insertAccount(with);
        store().insertAccount(without);
        assertThat(store().findAccount("acme")).contains(with);
        assertThat(store().findAccount("globex")).contains(without);
        Account raised = new Account("globex", "Globex", 7200, null, null, null, null, null, 0L);
        assertThat(store().updateAccount(raised)).isTrue();
        assertThat(store().findAccount("globex")).contains(raised);
        InMemoryDirectory loaded = new InMemoryDirectory();
        store().loadInto(loaded);
        assertThat(loaded.account("acme")).contains(with);
    }

    @Test
    default void ticketsAreStoredUpdatedListedByRestorationAndGoWithTheirAccount() {
        store().insertAccount(new Account("acme", "Acme", 7200));
        store().insertAccount(new Account("globex", "Globex", 7200));
        SqlIncidentRepository repo = new SqlIncidentRepository(store());
        Incident lateDecember = ticket("A1", "acme", "2026-12-31T16:00:00Z", "2027-01-04T09:30:00.5Z");
        Incident june = ticket("A2", "acme", "2026-06-01T07:00:00Z", "2026-06-01T15:00:00Z");
        Incident open = ticket("A3", "acme", "2026-11-30T08:00:00Z", null);
        Incident otherAccount = ticket("G1", "globex", "2026-03-02T08:00:00Z", "2026-03-02T10:00:00Z");
        for (Incident i : new Incident[] {lateDecember, june, open, otherAccount}) repo.insert(i);
        assertThat(repo.find("A1")).contains(lateDecember);
        assertThat(repo.find("nope")).isEmpty();
        assertThat(repo.byAccount("acme")).containsExactly(june, open, lateDecember);

        Instant y2026 = Instant.parse("2025-12-31T23:00:00Z");
        Instant y2027 = Instant.parse("2026-12-31T23:00:00Z");
        assertThat(repo.restoredWithin("acme", y2026, y2027)).as("restored in 2026, or open").containsExactly(june, open);
        assertThat(repo.restoredWithin(null, y2026, y2027)).containsExactly(june, open, otherAccount);
        assertThat(repo.restoredWithin("acme", y2027, Instant.parse("2027-12-31T23:00:00Z")))
                .containsExactly(open, lateDecember);

        Incident restored = open.with("SIP trunk Paris", open.openedAt(), Instant.parse("2026-11-30T15:00:00Z"),
                "card replaced\nline 2");
        assertThat(repo.update(restored)).isTrue();
        assertThat(repo.find("A3")).contains(restored);
        assertThat(repo.update(ticket("nope", "acme", "2026-01-05T08:00:00Z", null))).isFalse();
        assertThatThrownBy(() -> repo.insert(ticket("X1", "nobody", "2026-01-05T08:00:00Z", null)))
                .isInstanceOf(UnknownReferenceException.class);
        assertThatThrownBy(() -> repo.insert(june)).isInstanceOf(IllegalStateException.class);

        assertThat(repo.delete("G1")).isTrue();
        assertThat(repo.delete("G1")).isFalse();
        assertThat(store().deleteAccount("acme")).isTrue();
        assertThat(repo.byAccount("acme")).as("deleted with its account").isEmpty();
        assertThat(repo.find("A1")).isEmpty();
    }
}
