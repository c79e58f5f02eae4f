package io.callguard.cti.keys;

import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));
    private final InMemoryApiKeyRepository repo = new InMemoryApiKeyRepository();
    private final ApiKeyService keys = new ApiKeyService(repo, clock);

    @Test
    void issuedSecretHasTheDocumentedShapeAndAuthenticatesAsItsAccount() {
        IssuedKey k = keys.issue("acct-a", "CRM");
        assertThat(k.secret()).matches("cg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(k.secret()).startsWith("cg_" + k.id() + "_");
        assertThat(Base64.getUrlDecoder().decode(k.secret().substring(20))).hasSize(32);
        assertThat(keys.authenticate(k.secret())).contains(new ApiKeyPrincipal(k.id(), "acct-a"));
        assertThat(k.toString()).doesNotContain(k.secret().substring(20));
    }

    @Test
    void onlyTheSha256OfTheSecretIsStored() throws Exception {
        IssuedKey k = keys.issue("acct-a", "x");
        StoredApiKey stored = repo.get(k.id()).orElseThrow();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(k.secret().getBytes(StandardCharsets.UTF_8));
        assertThat(stored.secretHash()).isEqualTo(expected);
        assertThat(stored.toString()).doesNotContain(k.secret());
    }

    @Test
    void listShowsTheAccountsKeysWithoutSecretsAndOnlyThatAccount() {
        IssuedKey a1 = keys.issue("acct-a", "one");
        clock.advance(Duration.ofSeconds(1));
        IssuedKey a2 = keys.issue("acct-a", "two");
        keys.issue("acct-b", "other");
        List<ApiKey> listed = keys.list("acct-a");
        assertThat(listed).extracting(ApiKey::id).containsExactly(a1.id(), a2.id());
        assertThat(listed).extracting(ApiKey::label).containsExactly("one", "two");
        assertThat(listed.toString()).doesNotContain(a1.secret()).doesNotContain(a2.secret());
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        IssuedKey k = keys.issue("acct-a", "x");
        assertThat(keys.authenticate(k.secret())).isPresent();
        assertThat(keys.revoke("acct-a", k.id())).isTrue();
        assertThat(keys.authenticate(k.secret())).isEmpty();
        assertThat(keys.list("acct-a").get(0).revokedAt()).isEqualTo(clock.instant());
        assertThat(keys.revoke("acct-a", k.id())).as("already revoked").isFalse();
    }

    @Test
    void anAccountCannotRevokeAnotherAccountsKey() {
        IssuedKey b = keys.issue("acct-b", "x");
        assertThat(keys.revoke("acct-a", b.id())).isFalse();
        assertThat(keys.authenticate(b.secret())).contains(new ApiKeyPrincipal(b.id(), "acct-b"));
    }

    @Test
    void tamperedMalformedAndUnknownSecretsAreRefused() {
        IssuedKey k = keys.issue("acct-a", "x");
        String s = k.secret();
        char last = s.charAt(s.length() - 1);
        String tampered = s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(keys.authenticate(tampered)).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate("cg_")).isEmpty();
        assertThat(keys.authenticate("cg_" + k.id() + "_")).isEmpty();
        assertThat(keys.authenticate("cg_0000000000000000_" + s.substring(20))).isEmpty();
        assertThat(keys.authenticate(s.substring(3))).isEmpty();
    }

    @Test
    void aNewServiceOverTheSameRepositoryAuthenticatesAfterLoadAndKnowsRevocations() {
        IssuedKey live = keys.issue("acct-a", "live");
        IssuedKey gone = keys.issue("acct-a", "gone");
        keys.revoke("acct-a", gone.id());
        ApiKeyService restarted = new ApiKeyService(repo, clock);
        assertThat(restarted.authenticate(live.secret())).as("cache empty before load").isEmpty();
        assertThat(restarted.load()).isEqualTo(2);
        assertThat(restarted.authenticate(live.secret())).isPresent();
        assertThat(restarted.authenticate(gone.secret())).isEmpty();
    }

    @Test
    void lastUseIsKeptInMemoryAndWrittenOnPersist() {
        IssuedKey k = keys.issue("acct-a", "x");
        clock.advance(Duration.ofMinutes(5));
        keys.authenticate(k.secret());
        Instant used = clock.instant();
        assertThat(repo.get(k.id()).orElseThrow().key().lastUsedAt()).isNull();
        assertThat(keys.list("acct-a").get(0).lastUsedAt()).isEqualTo(used);
        assertThat(keys.persistLastUsed()).isEqualTo(1);
        assertThat(repo.get(k.id()).orElseThrow().key().lastUsedAt()).isEqualTo(used);
        assertThat(keys.persistLastUsed()).as("nothing new").isZero();
    }

    @Test
    void forgetAccountDropsEveryKeyOfThatAccountAndOnlyThat() {
        IssuedKey a1 = keys.issue("acct-a", "one");
        IssuedKey a2 = keys.issue("acct-a", "two");
        IssuedKey b = keys.issue("acct-b", "other");
        ApiKeyPrincipal a1Principal = keys.authenticate(a1.secret()).orElseThrow();

        assertThat(keys.forgetAccount("acct-a")).isEqualTo(2);

        assertThat(keys.authenticate(a1.secret())).isEmpty();
        assertThat(keys.authenticate(a2.secret())).isEmpty();
        assertThat(keys.stillValid(a1Principal)).as("a request authenticated just before").isFalse();
        assertThat(keys.authenticate(b.secret())).contains(new ApiKeyPrincipal(b.id(), "acct-b"));
        assertThat(keys.forgetAccount("acct-a")).as("nothing left").isZero();
    }

    @Test
    void aKeyOfADeletedAccountDoesNotActForAnAccountCreatedAgainWithTheSameId() {
        IssuedKey old = keys.issue("acct-a", "old");
        keys.forgetAccount("acct-a");
        IssuedKey fresh = keys.issue("acct-a", "new");
        assertThat(keys.authenticate(old.secret())).isEmpty();
        assertThat(keys.authenticate(fresh.secret())).contains(new ApiKeyPrincipal(fresh.id(), "acct-a"));
    }

    @Test
    void aRefreshPicksUpARevocationMadeDirectlyInTheRepository() {
        IssuedKey k = keys.issue("acct-a", "x");
        ApiKeyPrincipal p = keys.authenticate(k.secret()).orElseThrow();
        assertThat(repo.revoke("acct-a", k.id(), clock.instant())).as("revoked by another node").isTrue();
        assertThat(keys.authenticate(k.secret())).as("this node's cache, not refreshed yet").isPresent();

        assertThat(keys.load()).isEqualTo(1);

        assertThat(keys.authenticate(k.secret())).isEmpty();
        assertThat(keys.stillValid(p)).isFalse();
    }

    @Test
    void aRefreshForgetsTheKeysOfAnAccountDeletedOnAnotherNode() {
        java.util.Set<String> deletedAccounts = new java.util.concurrent.CopyOnWriteArraySet<>();
        ApiKeyRepository view = new ApiKeyRepository() { // the shared database as this node sees it
            @Override public void insert(StoredApiKey key) { repo.insert(key); }
            @Override public java.util.Optional<StoredApiKey> get(String keyId) { return repo.get(keyId); }
            @Override public List<StoredApiKey> all() {
                return repo.all().stream().filter(k -> !deletedAccounts.contains(k.key().accountId())).toList();
            }
            @Override public List<ApiKey> listByAccount(String accountId) { return repo.listByAccount(accountId); }
            @Override public boolean revoke(String accountId, String keyId, Instant at) {
                return repo.revoke(accountId, keyId, at);
            }
            @Override public void updateLastUsed(String keyId, Instant at) { repo.updateLastUsed(keyId, at); }
        };
        ApiKeyService node = new ApiKeyService(view, clock);
        IssuedKey a = node.issue("acct-a", "x");
        IssuedKey b = node.issue("acct-b", "y");
        deletedAccounts.add("acct-a"); // cascade on another node

        assertThat(node.load()).isEqualTo(1);

        assertThat(node.authenticate(a.secret())).isEmpty();
        assertThat(node.authenticate(b.secret())).isPresent();
    }
}
