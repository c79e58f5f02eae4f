package io.callguard.core.module;

import java.util.Optional;

/** One HTTP request as a module route sees it, already authenticated and within the API's limits. */
public interface RouteRequest {
    /** A parameter of the route's path ({@code {trunkId}}), as sent (decoded). */
    String pathParam(String name);

    /** A query parameter, when present. */
    Optional<String> query(String name);

    /** The request body as text; empty when the route takes none. */
    String body();
}
