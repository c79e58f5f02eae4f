package io.callguard.core.module;

import java.io.IOException;

/**
 * A route's answer written piece by piece, for bodies of any size (a CSV export of millions of rows) in constant
 * memory: the HTTP adapter sends the status and headers, then calls {@link #writeTo} on a worker thread (it may block
 * on the store) and sends each piece as a chunk; {@link Sink#write} blocks while the client reads slower than the
 * body is produced (back-pressure). See {@link RouteResponse#streamed}.
 */
public interface StreamedBody {
    /** The body's media type, e.g. {@code text/csv; charset=utf-8}. */
    String contentType();

    /**
     * Produces the body. An exception once pieces were sent cannot become a problem answer any more: the adapter then
     * breaks the connection, so that the client sees a truncated body rather than a complete-looking one.
     */
    void writeTo(Sink sink) throws Exception;

    /** Where the pieces go. */
    @FunctionalInterface
    interface Sink {
        /**
         * Sends {@code text} (UTF-8) as the next piece; returns once the connection can take more.
         *
         * @throws IOException the client went away: stop producing
         */
        void write(String text) throws IOException;
    }
}
