package io.callguard.core.module;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** The id of the CTI API key the request authenticated with; empty on the admin API. */
    default Optional<String> apiKeyId() { return Optional.empty(); }

    /** The request body as text; empty when the route takes none. */
    String body();

    /** Every value of a query parameter repeated in the query ({@code ?status=A&status=B}), in order. */
    default List<String> queries(String name) { return query(name).map(List::of).orElse(List.of()); }

    /**
     * The body as one JSON object (field → String, Boolean, Integer, Long, Double, nested Map or List), checked by
     * the HTTP adapter as for its own routes: sent as JSON, well formed, no control character in any string but tab,
     * line feed and carriage return in {@code freeTextFields}. The adapter answers its problem (415, 400) otherwise.
     */
    default Map<String, Object> jsonObject(Set<String> freeTextFields) {
        throw new UnsupportedOperationException("this API reads no JSON bodies");
    }

    /**
     * Who makes an admin change, as recorded in the audit trail: the admin API's actor header, checked by the adapter
     * (which answers its 400 problem for an invalid one), else the API's default actor.
     */
    default String actor() { throw new UnsupportedOperationException("this API has no actor"); }
}
