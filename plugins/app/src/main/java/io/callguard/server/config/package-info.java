/**
 * callguard's configuration: built-in defaults ({@link io.callguard.server.config.ConfigKeys}, which gathers the keys
 * the app, the adapters and the rule modules declare), the YAML file and {@code CALLGUARD_*} environment overrides,
 * bound to immutable records and validated at start, each part by the options of its owner.
 */
package io.callguard.server.config;
