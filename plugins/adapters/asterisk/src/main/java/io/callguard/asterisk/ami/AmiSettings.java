package io.callguard.asterisk.ami;

import java.util.List;

/**
 * The AMI part of the configuration, as {@link AmiOptions#from} reads it: whether to connect at all, and to which
 * Asterisk servers.
 *
 * @param enabled default true; when false no AMI client runs and /ready reports ami DISABLED
 * @param servers one or more servers, names distinct (their toString masks the secrets)
 */
public record AmiSettings(boolean enabled, List<AmiServer> servers) {
    /** The default name of the one server of the single-server form ({@code ami.name}). */
    public static final String DEFAULT_NAME = "asterisk";

    public AmiSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) throw new IllegalArgumentException("at least one AMI server");
    }

    /** One server named {@value #DEFAULT_NAME} (the single-server form). */
    public AmiSettings(boolean enabled, AmiOptions options) { this(enabled, List.of(AmiServer.of(DEFAULT_NAME, options))); }

    /** The first server's settings (the only one's in the single-server form). */
    public AmiOptions options() { return servers.get(0).options(); }

    /** Whether the node watches several servers: their calls' keys are then qualified with their names. */
    public boolean several() { return servers.size() > 1; }
}
