package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;

/**
 * AMI settings: whether to connect at all, and how.
 *
 * @param enabled default true; when false no AMI client runs and /ready reports ami DISABLED
 * @param options connection settings (its toString masks the secret)
 */
public record AmiConfig(boolean enabled, AmiOptions options) { }
