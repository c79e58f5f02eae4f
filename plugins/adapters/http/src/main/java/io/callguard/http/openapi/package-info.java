/**
 * The OpenAPI 3.1 documents of the admin and CTI APIs ({@code GET /admin/v1/openapi.json}, {@code GET
 * /cti/v1/openapi.json}): the adapter's own YAML for its built-in routes, merged with the fragment each rule module
 * ships next to its code ({@code <module package>/openapi.yaml}), keeping only the operations the listener serves;
 * and the check that the router and its document name the same routes ({@link io.callguard.http.openapi.RouteCoverage}).
 */
package io.callguard.http.openapi;
