package io.callguard.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a request body as one JSON object, or throws the problem saying what is wrong with it: 415 unless it is sent
 * as JSON, 400 when it is not valid JSON (in plain words, with the line and column), not an object, or holds a
 * control character ({@link ControlCharacters}, one error per field).
 */
public final class JsonBodies {
    private JsonBodies() { }

    /**
     * @param freeTextFields top-level fields that may hold tab, line feed and carriage return (a note, an SMS text)
     */
    public static JsonObject object(RoutingContext ctx, Set<String> freeTextFields) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) throw Problem.badRequest("a JSON object body is required").exception();
        requireJsonContentType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        Object value;
        try {
            value = Json.decodeValue(buffer);
        } catch (DecodeException e) {
            throw Problem.of(400, "malformed-json", "Malformed JSON", malformed(e, buffer.length())).exception();
        }
        if (!(value instanceof JsonObject o)) throw Problem.badRequest("the body must be a JSON object").exception();
        List<FieldError> errors = ControlCharacters.inJson(o, freeTextFields);
        if (!errors.isEmpty()) throw Problem.validation(errors).exception();
        return o;
    }

    /**
     * {@code application/json} or {@code application/<something>+json}, with no charset or UTF-8 (RFC 8259: JSON
     * exchanged between systems is UTF-8); anything else (text/plain, a form, none) is 415, not guessed at.
     */
    static void requireJsonContentType(String contentType) {
        String given = contentType == null ? "" : contentType.trim();
        String[] parts = given.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = media.equals("application/json")
                || (media.startsWith("application/") && media.endsWith("+json") && media.indexOf('/') == media.lastIndexOf('/'));
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                charset = parameter.substring(eq + 1).trim().replace("\"", "");
            }
        }
        if (!json || (charset != null && !charset.equalsIgnoreCase("utf-8"))) {
            String got = given.isEmpty() ? "no Content-Type" : "Content-Type '" + printable(given) + "'";
            throw Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "the body must be JSON sent with Content-Type: application/json (UTF-8), got " + got).exception();
        }
    }

    /** What is wrong, in plain words and with the place, never the parser's own message. */
    static String malformed(DecodeException e, int bodyLength) {
        if (!(e.getCause() instanceof JsonProcessingException parse)) {
            // Vert.x's own check after a complete value
            return "the body is not valid JSON: something follows the JSON value";
        }
        JsonLocation at = parse.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        boolean atTheEnd = parse instanceof JsonEOFException || (at != null && at.getByteOffset() >= bodyLength);
        if (atTheEnd) return "the body is not valid JSON: it ends before the JSON value is complete" + where;
        return "the body is not valid JSON" + where;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 100; i++) {
            char c = s.charAt(i);
            out.append(ControlCharacters.isControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
