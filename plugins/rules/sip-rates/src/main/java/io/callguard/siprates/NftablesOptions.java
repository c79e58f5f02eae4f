package io.callguard.siprates;

import java.nio.file.Path;

/**
 * Where the block list is written as an nftables set file ({@link NftablesSetFile}).
 *
 * @param file the file, rewritten whole after every change of the list; null = off
 * @param set4 the set of the IPv4 addresses, as {@code family table set} ({@code inet callguard blocked4})
 * @param set6 the set of the IPv6 addresses, as {@code family table set} ({@code inet callguard blocked6})
 */
public record NftablesOptions(Path file, String set4, String set6) {
    public static final String DEFAULT_SET4 = "inet callguard blocked4";
    public static final String DEFAULT_SET6 = "inet callguard blocked6";
    /** No file (the default). */
    public static final NftablesOptions OFF = new NftablesOptions(null, DEFAULT_SET4, DEFAULT_SET6);

    public boolean enabled() { return file != null; }
}
