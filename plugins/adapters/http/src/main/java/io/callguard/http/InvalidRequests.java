package io.callguard.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * The answer to a request the HTTP parser refused before any route saw it (an HTTP listener's
 * {@code invalidRequestHandler}): a problem+json, like every other error, instead of a bare status, then the
 * connection is closed (the parser cannot tell where the next request would start).
 *
 * <p>A header value with a control character (NUL, BEL, DEL…) is refused by the parser while it reads the headers,
 * before callguard sees the header's name; the problem names the header field as {@code header} and says which
 * character. Control characters the parser lets through (C1, tab) are refused by the route that reads the header
 * (e.g. {@code X-Callguard-Actor}), naming it.
 */
public final class InvalidRequests {
    private InvalidRequests() { }

    public static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        ProblemResponses.problem(request.response(), problem(cause), "callguard", null);
        request.connection().close();
    }

    static Problem problem(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Problem.of(414, "uri-too-long", "URI too long", "the request line is too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return Problem.of(431, "headers-too-large", "Request header fields too large",
                    "the request headers are too large");
        }
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        if (message.startsWith("a header value contains a prohibited character")) {
            String character = character(message);
            return Problem.validation(List.of(new FieldError("header", "a header value (X-Callguard-Actor or any "
                    + "other) holds the control character " + character + "; header values may hold only visible "
                    + "characters, spaces and tabs")));
        }
        if (message.startsWith("a header name")) {
            return Problem.validation(List.of(new FieldError("header", "a header name holds a character HTTP does not "
                    + "allow in names")));
        }
        return Problem.badRequest("the request is not valid HTTP/1.1");
    }

    /** {@code "… prohibited character '1': …"} → {@code U+0001}; the value itself is never echoed (it may be a key). */
    private static String character(String message) {
        int open = message.indexOf('\'');
        int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
        if (close > open + 1) {
            try {
                return String.format("U+%04X", Integer.parseInt(message.substring(open + 1, close)));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return "(a C0 control or DEL)";
    }
}
