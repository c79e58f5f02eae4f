package io.callguard.cti.keys;

import java.util.Objects;

/** Who a CTI request acts for: an authenticated key and its account. */
public record ApiKeyPrincipal(String keyId, String accountId) {
    public ApiKeyPrincipal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
    }
}
