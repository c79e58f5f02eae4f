package io.callguard.cti.callback;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * POSTs a JSON body and reports the HTTP status. The server implements it over the Vert.x HTTP client (a deadline
 * per attempt, redirects never followed, the response body never read, private addresses refused unless allowed);
 * tests with a fake. Must not block the caller.
 */
@FunctionalInterface
public interface HttpPoster {
    /**
     * @return the response status code; a failed stage for a connection error or timeout, failed with
     *         {@link CallbackRefusedException} when the URL must not be called at all (not retried)
     */
    CompletionStage<Integer> postJson(URI url, String json);

    /** Releases the poster's connections; callbacks still running fail. */
    default void close() { }

    /**
     * Opens a poster bound by the callback settings (the deadline of one attempt, whether private addresses may be
     * reached): the app registers one, the CTI module opens its poster with the settings it read.
     */
    @FunctionalInterface
    interface Factory {
        HttpPoster open(CallbackSettings settings);
    }
}
