package io.callguard.asterisk.ami;

/**
 * The AMI part of the configuration, as {@link AmiOptions#from} reads it: whether to connect at all, and how.
 *
 * @param enabled default true; when false no AMI client runs and /ready reports ami DISABLED
 * @param options connection settings (its toString masks the secret)
 */
public record AmiSettings(boolean enabled, AmiOptions options) { }
