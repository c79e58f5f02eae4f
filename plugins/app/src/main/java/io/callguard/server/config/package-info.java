/**
 * callguard's configuration: built-in defaults ({@link io.callguard.server.config.ConfigKeys}), the YAML file and
 * {@code CALLGUARD_*} environment overrides, bound to immutable records and validated at start.
 */
package io.callguard.server.config;
