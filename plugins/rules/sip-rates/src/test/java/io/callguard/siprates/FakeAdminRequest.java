package io.callguard.siprates;

import io.callguard.core.module.RouteRequest;

import java.util.Map;
import java.util.Optional;

/** An admin request as the HTTP adapter hands it to a module route (tests). */
record FakeAdminRequest(Map<String, String> params) implements RouteRequest {
    @Override public String pathParam(String name) { return params.get(name); }
    @Override public Optional<String> query(String name) { return Optional.empty(); }
    @Override public Optional<String> header(String name) { return Optional.empty(); }
    @Override public Optional<String> accountId() { return Optional.empty(); }
    @Override public String body() { return ""; }
    @Override public String actor() { return "ops"; }
}
