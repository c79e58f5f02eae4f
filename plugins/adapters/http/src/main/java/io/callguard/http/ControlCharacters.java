package io.callguard.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for text a request brings (body strings, query parameters, path segments, headers callguard reads):
 * no control character, i.e. no C0 control (U+0000–U+001F, NUL included), no DEL (U+007F), no C1 control
 * (U+0080–U+009F), and valid Unicode (no unpaired surrogate, which UTF-8 cannot carry). PostgreSQL refuses NUL in
 * text while H2 stores it: refusing control characters here makes the two stores answer alike, and keeps terminal
 * escapes out of the logs and the audit trail.
 *
 * <p>Free-text fields (a suspension's note, an SMS's text) may also hold tab, line feed and carriage return; ids,
 * names, labels, numbers, URLs, query parameters and headers may not.
 */
public final class ControlCharacters {
    private ControlCharacters() { }

    /** What is wrong with {@code value}, empty when it is clean. */
    public static Optional<String> problem(String value, boolean lineBreaksAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(lineBreaksAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                return Optional.of((lineBreaksAllowed
                        ? "must not contain control characters other than tab, line feed and carriage return"
                        : "must not contain control characters (tab and line breaks included)")
                        + "; found " + codePoint(c) + " at character " + (i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode; found the unpaired surrogate " + codePoint(c)
                        + " at character " + (i + 1));
            }
        }
        return Optional.empty();
    }

    /** C0, DEL and C1. */
    static boolean isControl(char c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

    /**
     * One error per string of {@code body} that breaks the rule, at any depth, named by its path ({@code name},
     * {@code a.b}, {@code list[2]}); a member name that breaks it is an error too.
     *
     * @param freeTextFields top-level members that may also hold tab, line feed and carriage return
     */
    public static List<FieldError> inJson(JsonObject body, Set<String> freeTextFields) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, Object> member : body) {
            String name = member.getKey();
            Optional<String> badName = problem(name, false);
            if (badName.isPresent()) {
                errors.add(new FieldError(name, "the member name " + badName.get()));
                continue;
            }
            walk(name, member.getValue(), freeTextFields.contains(name), errors);
        }
        return errors;
    }

    private static void walk(String path, Object value, boolean lineBreaksAllowed, List<FieldError> errors) {
        if (value instanceof String s) {
            problem(s, lineBreaksAllowed).ifPresent(p -> errors.add(new FieldError(path, p)));
        } else if (value instanceof JsonObject o) {
            for (Map.Entry<String, Object> member : o) {
                String name = path + "." + member.getKey();
                Optional<String> badName = problem(member.getKey(), false);
                if (badName.isPresent()) errors.add(new FieldError(name, "the member name " + badName.get()));
                else walk(name, member.getValue(), false, errors);
            }
        } else if (value instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) walk(path + "[" + i + "]", a.getValue(i), false, errors);
        }
    }

    /**
     * A route handler for every request of an API, before its routes: the decoded path segments and every query
     * parameter (name and value) must be free of control characters, else the request fails with a 400 naming the
     * parameter (or {@code path}). Ids and numbers of the path reach the store like the body's do.
     */
    public static void checkPathAndQuery(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String[] segments = ctx.request().path().split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment;
            try {
                // a path keeps '+' as is; URLDecoder would make it a space
                segment = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("path", "segment " + i + " is not valid percent-encoding"));
                continue;
            }
            int index = i;
            problem(segment, false).ifPresent(p -> errors.add(new FieldError("path", "segment " + index + " " + p)));
        }
        MultiMap query;
        try {
            query = ctx.queryParams();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("query", "is not valid percent-encoding"));
            query = MultiMap.caseInsensitiveMultiMap();
        }
        for (String name : query.names()) {
            Optional<String> badName = problem(name, false);
            if (badName.isPresent()) {
                errors.add(new FieldError(name, "the parameter name " + badName.get()));
                continue;
            }
            for (String value : query.getAll(name)) {
                Optional<String> bad = problem(value, false);
                if (bad.isPresent()) {
                    errors.add(new FieldError(name, bad.get()));
                    break;
                }
            }
        }
        if (errors.isEmpty()) ctx.next();
        else ctx.fail(Problem.validation(errors).exception());
    }

    private static String codePoint(char c) { return String.format("U+%04X", (int) c); }
}
