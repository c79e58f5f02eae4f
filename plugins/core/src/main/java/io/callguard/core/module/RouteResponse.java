package io.callguard.core.module;

import java.util.List;
import java.util.Map;

/**
 * A module route's answer. {@code body} is JSON-shaped plain Java: {@code Map} (key order kept), {@code List},
 * {@code String}, numbers, booleans and null. A problem answer (4xx) carries only its detail: the HTTP adapter writes
 * it as the API's {@code application/problem+json} with the type and title of its status.
 *
 * @param status HTTP status
 * @param body   the JSON body, null for none (204) or for a problem
 * @param detail the problem's detail, null for a success
 * @param headers response headers to add (e.g. {@code Location} of a created resource)
 */
public record RouteResponse(int status, Object body, String detail, Map<String, String> headers) {
    public RouteResponse {
        if (status < 200 || status > 599) throw new IllegalArgumentException("status " + status);
        if (detail != null && status < 400) throw new IllegalArgumentException("a problem needs a 4xx or 5xx status");
        headers = Map.copyOf(headers);
    }

    /** An answer without headers of its own. */
    public RouteResponse(int status, Object body, String detail) { this(status, body, detail, Map.of()); }

    /** 201 with the created resource and where it lives. */
    public static RouteResponse created(String location, Object body) {
        return new RouteResponse(201, body, null, Map.of("Location", location));
    }

    public static RouteResponse ok(Object body) { return new RouteResponse(200, body, null); }

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
