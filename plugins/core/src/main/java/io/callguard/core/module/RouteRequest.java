package io.callguard.core.module;

import java.util.Optional;

/** One HTTP request as a module route sees it, already authenticated and within the API's limits. */
public interface RouteRequest {
    /** A parameter of the route's path ({@code {trunkId}}), as sent (decoded). */
    String pathParam(String name);

    /** A query parameter, when present. */
    Optional<String> query(String name);

    /** A request header, when present (e.g. the admin API's actor header, kept in the audit trail). */
    Optional<String> header(String name);

    /** The account the CTI API key belongs to; empty on the admin API (the operator, not an account). */
    Optional<String> accountId();

    /** The request body as text; empty when the route takes none. */
    String body();
}
