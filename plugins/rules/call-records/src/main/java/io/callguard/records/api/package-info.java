/**
 * Reading the call records (R11, CGV 9.2 "call details are available to the client"): the admin API's
 * {@code GET /admin/v1/accounts/{id}/records} and the CTI API's {@code GET /cti/v1/records} (a key's own account
 * only), as JSON pages by cursor or, with {@code Accept: text/csv}, as one CSV of the whole range streamed page by
 * page. {@link io.callguard.records.api.RecordRoutes} builds the routes; {@link io.callguard.records.api.RecordJson}
 * says what a record looks like on the wire.
 */
package io.callguard.records.api;
