package io.callguard.http;

/** One invalid field of a request body: {@code {"field":"maxCallSeconds","message":"must be 1..86400"}}. */
public record FieldError(String field, String message) { }
