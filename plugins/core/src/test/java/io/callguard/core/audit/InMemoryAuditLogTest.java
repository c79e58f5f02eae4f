package io.callguard.core.audit;

import io.callguard.core.json.CompactJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryAuditLogTest {
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");

    @Test
    void entriesGetIncreasingIdsAndAreListedNewestFirst() {
        InMemoryAuditLog log = new InMemoryAuditLog();
        log.append(AuditEntry.of(T0, "alice", "account.create", "account:acme", null, "{}"));
        log.append(AuditEntry.of(T0.plusSeconds(1), "bob", "suspension.create", "suspension:1", null, "{}"));
        log.append(AuditEntry.of(T0.plusSeconds(2), "bob", "account.update", "account:acme", "{}", "{}"));
        assertThat(log.list(AuditQuery.latest(10))).extracting(AuditEntry::id).containsExactly(3L, 2L, 1L);
        assertThat(log.list(new AuditQuery("account:", null, 10))).extracting(AuditEntry::action)
                .containsExactly("account.update", "account.create");
        assertThat(log.list(new AuditQuery(null, T0.plusSeconds(1), 10))).extracting(AuditEntry::id).containsExactly(3L, 2L);
        assertThat(log.list(AuditQuery.latest(1))).extracting(AuditEntry::id).containsExactly(3L);
    }

    @Test
    void invalidEntriesAndQueriesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> AuditEntry.of(T0, " ", "a.b", "x:y", null, null)).hasMessage("actor: required, got none");
        assertThatThrownBy(() -> AuditEntry.of(T0, "a", "", "x:y", null, null)).hasMessage("action: required, got none");
        assertThatThrownBy(() -> AuditEntry.of(T0, "a", "a.b", null, null, null)).hasMessage("target: required, got none");
        assertThatThrownBy(() -> new AuditQuery("", null, 0)).hasMessageStartingWith("limit: expected 1 to 10000");
    }

    @Test
    void jsonEscapesStringsAndKeepsMapOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", "a \"quoted\" \\ line\nnext\u0001");
        m.put("n", 3);
        m.put("ok", true);
        m.put("none", null);
        m.put("at", T0);
        m.put("list", List.of(1, "x"));
        m.put("ratio", Double.NaN);
        assertThat(CompactJson.write(m)).isEqualTo("{\"note\":\"a \\\"quoted\\\" \\\\ line\\nnext\\u0001\",\"n\":3,"
                + "\"ok\":true,\"none\":null,\"at\":\"2026-02-02T09:00:00Z\",\"list\":[1,\"x\"],\"ratio\":null}");
    }
}
