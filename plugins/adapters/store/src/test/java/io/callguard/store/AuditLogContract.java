package io.callguard.store;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditQuery;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlAuditLog} must do on every database behind {@link Store} (mixed into its tests). */
interface AuditLogContract {
    Instant AT = Instant.parse("2025-01-06T09:00:00.250Z");

    /** An open store. */
    Store store();

    /** Options that open the same database again. */
    StoreOptions storeOptions();

    /** A log over an empty audit table (a PostgreSQL schema is shared by the tests of a class). */
    private SqlAuditLog emptyLog() {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_event");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new SqlAuditLog(store());
    }

    @Test
    default void entriesComeBackNewestFirstWithIncreasingIdsAndEveryFieldExactly() {
        SqlAuditLog log = emptyLog();
        String big = "{\"note\":\"" + "x".repeat(100_000) + "\"}";
        log.append(AuditEntry.of(AT, "alice", "account.create", "account:acme", null, "{\"id\":\"acme\"}"));
        log.append(AuditEntry.of(AT.plusSeconds(1), "bob", "account.update", "account:acme", "{\"id\":\"acme\"}", big));
        log.append(AuditEntry.of(AT.plusSeconds(2), "system", "account.delete", "account:acme", big, null));

        List<AuditEntry> all = log.list(AuditQuery.latest(10));
        assertThat(all).extracting(AuditEntry::action).containsExactly("account.delete", "account.update", "account.create");
        assertThat(all.get(0).id()).isGreaterThan(all.get(1).id());
        assertThat(all.get(1).id()).isGreaterThan(all.get(2).id());
        assertThat(all.get(2)).isEqualTo(AuditEntry.of(AT, "alice", "account.create", "account:acme", null,
                "{\"id\":\"acme\"}").withId(all.get(2).id()));
        assertThat(all.get(1).after()).isEqualTo(big);
        assertThat(all.get(0).after()).isNull();
        assertThat(all.get(0).at()).isEqualTo(AT.plusSeconds(2));
    }

    @Test
    default void theTargetIsAPrefixMatchedLiterallyAndSinceIsInclusive() {
        SqlAuditLog log = emptyLog();
        log.append(AuditEntry.of(AT, "alice", "account.create", "account:acme", null, "{}"));
        log.append(AuditEntry.of(AT.plusSeconds(1), "alice", "trunk.create", "trunk:acme-t0", null, "{}"));
        log.append(AuditEntry.of(AT.plusSeconds(2), "alice", "account.create", "account:acme-west", null, "{}"));
        log.append(AuditEntry.of(AT.plusSeconds(3), "alice", "account.create", "account:a_b%c", null, "{}"));

        assertThat(log.list(new AuditQuery("account:acme", null, 10))).extracting(AuditEntry::target)
                .containsExactly("account:acme-west", "account:acme");
        assertThat(log.list(new AuditQuery("account:a_", null, 10))).extracting(AuditEntry::target)
                .as("_ is no wildcard").containsExactly("account:a_b%c");
        assertThat(log.list(new AuditQuery("account:a_b%", null, 10))).hasSize(1);
        assertThat(log.list(new AuditQuery("account:%", null, 10))).isEmpty();
        assertThat(log.list(new AuditQuery("", AT.plusSeconds(1), 10))).extracting(AuditEntry::target)
                .containsExactly("account:a_b%c", "account:acme-west", "trunk:acme-t0");
        assertThat(log.list(new AuditQuery("account:", AT.plusSeconds(1), 1))).extracting(AuditEntry::target)
                .containsExactly("account:a_b%c");
    }

    @Test
    default void theTrailSurvivesAReopen() {
        SqlAuditLog log = emptyLog();
        log.append(AuditEntry.of(AT, "alice", "suspension.create", "suspension:S1", null, "{}"));
        store().close();
        try (Store reopened = Store.open(storeOptions())) {
            assertThat(new SqlAuditLog(reopened).list(new AuditQuery("suspension:S1", null, 10)))
                    .extracting(AuditEntry::action).containsExactly("suspension.create");
        }
    }

    @Test
    default void aValueLongerThanItsColumnIsRefusedNamingTheEntry() {
        SqlAuditLog log = emptyLog();
        assertThatThrownBy(() -> log.append(AuditEntry.of(AT, "a".repeat(201), "account.create", "account:acme", null,
                null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account.create");
        assertThat(log.list(AuditQuery.latest(10))).isEmpty();
    }
}
