package io.callguard.core.directory;

import java.util.Objects;

/**
 * A client's SIP trunk.
 *
 * @param id        the Asterisk endpoint name (the {@code X} of {@code PJSIP/X-00000001})
 * @param accountId owning account
 * @param kind      offer
 * @param channels  simultaneous calls allowed, inbound and outbound together
 */
public record Trunk(String id, String accountId, TrunkKind kind, int channels) {
    public Trunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        if (channels < 0) throw new IllegalArgumentException("channels must not be negative: " + channels);
    }
}
