package io.callguard.cti.callback;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * POSTs a JSON body and reports the HTTP status. The server implements it with vertx-web-client (with a timeout, no
 * redirects followed); tests with a fake. Must not block the caller.
 */
@FunctionalInterface
public interface HttpPoster {
    /**
     * @return the response status code; a failed stage for a connection error or timeout
     */
    CompletionStage<Integer> postJson(URI url, String json);
}
