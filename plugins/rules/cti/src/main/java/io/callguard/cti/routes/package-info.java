/**
 * The CTI family's HTTP routes as module routes ({@link io.callguard.core.module.ModuleRoute}): SMS and click-to-call
 * under {@code /cti/v1} (the CTI listener authenticates the API key and hands its account), and the API keys under
 * {@code /admin/v1/accounts/{id}/api-keys}. Plain Java in, JSON-shaped maps out: the HTTP adapter writes them.
 */
package io.callguard.cti.routes;
