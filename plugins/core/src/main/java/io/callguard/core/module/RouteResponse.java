package io.callguard.core.module;

/**
 * A module route's answer. {@code body} is JSON-shaped plain Java: {@code Map} (key order kept), {@code List},
 * {@code String}, numbers, booleans and null. A problem answer (4xx) carries only its detail: the HTTP adapter writes
 * it as the API's {@code application/problem+json} with the type and title of its status.
 *
 * @param status HTTP status
 * @param body   the JSON body, null for none (204) or for a problem
 * @param detail the problem's detail, null for a success
 */
public record RouteResponse(int status, Object body, String detail) {
    public RouteResponse {
        if (status < 200 || status > 599) throw new IllegalArgumentException("status " + status);
        if (detail != null && status < 400) throw new IllegalArgumentException("a problem needs a 4xx or 5xx status");
    }

    public static RouteResponse ok(Object body) { return new RouteResponse(200, body, null); }

    public static RouteResponse json(int status, Object body) { return new RouteResponse(status, body, null); }

    public static RouteResponse noContent() { return new RouteResponse(204, null, null); }

    public static RouteResponse badRequest(String detail) { return new RouteResponse(400, null, detail); }

    public static RouteResponse notFound(String detail) { return new RouteResponse(404, null, detail); }

    public static RouteResponse conflict(String detail) { return new RouteResponse(409, null, detail); }

    public boolean problem() { return detail != null; }
}
