package io.callguard.cti.keys;

import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' key caches on one repository (the shared store): a key issued or revoked on node A is published; node
 * B, listening on a {@link LocalChangeFeed}, reloads its keys and authenticates accordingly at once.
 */
class ApiKeyChangesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));
    private final InMemoryApiKeyRepository store = new InMemoryApiKeyRepository();
    private final ApiKeyService onA = new ApiKeyService(store, clock);
    private final ApiKeyService onB = new ApiKeyService(store, clock);
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();

    ApiKeyChangesTest() {
        onA.publishChangesTo(LocalChangeFeed.relayingTo(feedB, published::add));
        feedB.subscribe(ApiKeyService.CHANGES, ChangeListener.reloading(onB::load));
    }

    @Test
    void aKeyIssuedOnAAuthenticatesOnBAndOnceRevokedOnAIsRefusedOnB() {
        IssuedKey k = onA.issue("acct-a", "CRM");
        assertThat(onB.authenticate(k.secret())).contains(new ApiKeyPrincipal(k.id(), "acct-a"));

        assertThat(onA.revoke("acct-a", k.id())).isTrue();
        assertThat(onB.authenticate(k.secret())).isEmpty();
        assertThat(onA.revoke("acct-a", k.id())).as("already revoked: nothing published").isFalse();
        assertThat(published).containsExactly(ApiKeyService.CHANGES + " " + k.id(), ApiKeyService.CHANGES + " " + k.id());
    }
}
