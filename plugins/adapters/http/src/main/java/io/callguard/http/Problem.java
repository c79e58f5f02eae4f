package io.callguard.http;

import java.util.List;

/**
 * An RFC 9457 problem: {@code {type, title, status, detail}}, plus {@code errors} for validation failures and
 * {@code errorId} for a failure of callguard or its store (the id is in the server log with what went wrong).
 *
 * @param type    a URN naming the kind of problem, e.g. {@code urn:callguard:problem:not-found}
 * @param errors  field errors, empty unless the problem is a validation failure
 * @param errorId the id of the logged failure behind the problem, null for a problem of the request itself
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, String errorId) {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String PREFIX = "urn:callguard:problem:";

    public Problem { errors = errors == null ? List.of() : List.copyOf(errors); }

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(PREFIX + kind, title, status, detail, List.of());
    }

    public static Problem badRequest(String detail) { return of(400, "bad-request", "Bad request", detail); }

    public static Problem validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new Problem(PREFIX + "validation", "Invalid request", 400, detail, errors);
    }

    public static Problem notFound(String detail) { return of(404, "not-found", "Not found", detail); }

    public static Problem conflict(String detail) { return of(409, "conflict", "Conflict", detail); }

    /** This problem, answered for the logged failure {@code id}. */
    public Problem withErrorId(String id) { return new Problem(type, title, status, detail, errors, id); }

    public ProblemException exception() { return new ProblemException(this); }
}
