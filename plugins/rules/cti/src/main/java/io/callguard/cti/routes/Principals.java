package io.callguard.cti.routes;

import io.callguard.core.module.RouteRequest;
import io.callguard.cti.keys.ApiKeyPrincipal;

/** The API key a CTI request authenticated with, as the listener hands it over. */
final class Principals {
    private Principals() { }

    /** @throws IllegalStateException when the request carries no key (a CTI route mounted without the key check) */
    static ApiKeyPrincipal of(RouteRequest request) {
        String keyId = request.apiKeyId().orElseThrow(() -> new IllegalStateException("a CTI route without an API key"));
        String accountId = request.accountId().orElseThrow(() -> new IllegalStateException("a CTI route without an account"));
        return new ApiKeyPrincipal(keyId, accountId);
    }
}
