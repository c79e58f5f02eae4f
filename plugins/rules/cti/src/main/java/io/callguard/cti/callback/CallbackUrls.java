package io.callguard.cti.callback;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules for a client's callback URL, checked when the request is accepted: absolute {@code http} or {@code https},
 * with a host, no user info (credentials in a URL end up in logs), at most 2000 characters.
 *
 * <p>Only syntax is checked here (no DNS on the request path). Where the URL may lead is decided when the callback
 * is sent: the poster resolves the host and refuses loopback and private addresses ({@link CallbackAddresses})
 * unless {@link CallbackSettings#allowPrivateAddresses()}, then connects to the very address it checked.
 */
public final class CallbackUrls {
    public static final int MAX_LENGTH = 2000;

    private CallbackUrls() { }

    /** What is wrong with {@code url}, or empty when it is acceptable. */
    public static Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) return Optional.of("statusCallback must not be empty");
        if (url.length() > MAX_LENGTH) return Optional.of("statusCallback is longer than " + MAX_LENGTH + " characters");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("statusCallback is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("statusCallback must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) return Optional.of("statusCallback must name a host");
        if (uri.getRawUserInfo() != null) return Optional.of("statusCallback must not carry credentials (user info)");
        return Optional.empty();
    }
}
