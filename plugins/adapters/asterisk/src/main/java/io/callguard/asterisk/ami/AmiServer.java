package io.callguard.asterisk.ami;

import java.util.List;
import java.util.Objects;

/**
 * One Asterisk server a node watches: its AMI link and the addresses its FastAGI sessions come from.
 *
 * @param name         its name ({@code ami.name} for the single-server form, else its {@code ami.servers} entry): the
 *                     prefix of its calls' keys when the node has several, and its name in readiness and logs
 * @param options      its AMI connection settings
 * @param agiAddresses the peer addresses (IPs or host names) of its FastAGI sessions; default its AMI host
 */
public record AmiServer(String name, AmiOptions options, List<String> agiAddresses) {
    public AmiServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        agiAddresses = agiAddresses == null || agiAddresses.isEmpty() ? List.of(options.host()) : List.copyOf(agiAddresses);
    }

    /** A server with these settings, its FastAGI sessions expected from its AMI host. */
    public static AmiServer of(String name, AmiOptions options) { return new AmiServer(name, options, null); }
}
