package io.callguard.core.module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A module route's answer. {@code body} is JSON-shaped plain Java: {@code Map} (key order kept), {@code List},
 * {@code String}, numbers, booleans and null. A problem answer (4xx) carries only its detail: the HTTP adapter writes
 * it as the API's {@code application/problem+json} with the type and title of its status.
 *
 * @param status HTTP status
 * @param body   the JSON body, null for none (204) or for a problem
 * @param detail the problem's detail, null for a success
 * @param headers response headers to add (e.g. {@code Location} of a created resource)
 * @param kind    for a problem whose kind is not the API's default one for its status (e.g. the CTI API's
 *                {@code sms-rate-limit}): its kind, title, field errors and extra members; null otherwise
 */
public record RouteResponse(int status, Object body, String detail, Map<String, String> headers, ProblemKind kind) {
    public RouteResponse {
        if (status < 200 || status > 599) throw new IllegalArgumentException("status " + status);
        if (detail != null && status < 400) throw new IllegalArgumentException("a problem needs a 4xx or 5xx status");
        if (kind != null && detail == null) throw new IllegalArgumentException("a problem kind needs a detail");
        headers = Map.copyOf(headers);
    }

    /** An answer without a problem kind of its own. */
    public RouteResponse(int status, Object body, String detail, Map<String, String> headers) {
        this(status, body, detail, headers, null);
    }

    /** An answer without headers of its own. */
    public RouteResponse(int status, Object body, String detail) { this(status, body, detail, Map.of()); }

    /**
     * What a problem says beyond its status and detail, so that an API can tell its clients apart kinds of refusal
     * with the same status (403 suspended, 403 not your number).
     *
     * @param kind    the problem type's last part, e.g. {@code sms-rate-limit} ({@code urn:callguard:problem:<kind>})
     * @param title   the problem's title
     * @param errors  field errors the problem names (may be empty)
     * @param members extra members at the top level of the problem body (key order kept), e.g. {@code retryAfterSeconds}
     */
    public record ProblemKind(String kind, String title, List<InvalidFields.FieldError> errors, Map<String, Object> members) {
        public ProblemKind {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(title, "title");
            errors = List.copyOf(errors);
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    /**
     * A problem of its own kind, with {@code members} added to its body (key order kept).
     *
     * @param headers e.g. {@code Retry-After}
     */
    public static RouteResponse problem(int status, String kind, String title, String detail,
                                        Map<String, Object> members, Map<String, String> headers) {
        return new RouteResponse(status, null, detail, headers, new ProblemKind(kind, title, List.of(), members));
    }

    /** A problem of its own kind naming one invalid field (e.g. 403 {@code not-your-number} for {@code from}). */
    public static RouteResponse fieldProblem(int status, String kind, String title, String field, String message) {
        return new RouteResponse(status, null, field + ": " + message, Map.of(),
                new ProblemKind(kind, title, List.of(new InvalidFields.FieldError(field, message)), Map.of()));
    }

    /** 201 with the created resource and where it lives. */
    public static RouteResponse created(String location, Object body) {
        return new RouteResponse(201, body, null, Map.of("Location", location));
    }

    public static RouteResponse ok(Object body) { return new RouteResponse(200, body, null); }

    /**
     * A body of any size, written piece by piece with its own content type (e.g. a CSV export): the adapter sends it
     * chunked, producing it on a worker thread at the pace the client reads.
     *
     * @param headers e.g. {@code Content-Disposition}
     */
    public static RouteResponse streamed(int status, StreamedBody body, Map<String, String> headers) {
        if (status >= 300) throw new IllegalArgumentException("a streamed body is a success's, got " + status);
        return new RouteResponse(status, Objects.requireNonNull(body, "body"), null, headers);
    }

    /** Whether the body is a {@link StreamedBody}. */
    public boolean isStreamed() { return body instanceof StreamedBody; }

    public static RouteResponse json(int status, Object body) { return new RouteResponse(status, body, null); }

    public static RouteResponse noContent() { return new RouteResponse(204, null, null); }

    public static RouteResponse badRequest(String detail) { return new RouteResponse(400, null, detail); }

    public static RouteResponse notFound(String detail) { return new RouteResponse(404, null, detail); }

    public static RouteResponse conflict(String detail) { return new RouteResponse(409, null, detail); }

    public boolean problem() { return detail != null; }

    /**
     * A 400 naming each invalid field of the request, thrown by a route: the HTTP adapter answers the API's
     * validation problem with one error per field, as for its own routes.
     */
    public static final class InvalidFields extends RuntimeException {
        /** One invalid field (a body field, a query parameter or a header) and what is wrong with it. */
        public record FieldError(String field, String message) { }

        private final List<FieldError> errors;

        public InvalidFields(List<FieldError> errors) {
            super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid", null, false, false);
            if (errors.isEmpty()) throw new IllegalArgumentException("no invalid field");
            this.errors = List.copyOf(errors);
        }

        public static InvalidFields of(String field, String message) {
            return new InvalidFields(List.of(new FieldError(field, message)));
        }

        public List<FieldError> errors() { return errors; }
    }
}
