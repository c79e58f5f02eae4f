package io.callguard.core.directory;

/** Offer of a SIP trunk (CP Téléphonie §1.1). */
public enum TrunkKind {
    /** "T0 IP": 2 simultaneous calls, in and out together. */
    T0_IP(2),
    /** "T2 IP": commonly up to 30 simultaneous calls. */
    T2_IP(30),
    /** Anything else: the configured number of channels. */
    OTHER(2);

    private final int defaultChannels;

    TrunkKind(int defaultChannels) { this.defaultChannels = defaultChannels; }

    /** Channel cap used when a trunk is created without an explicit one. */
    public int defaultChannels() { return defaultChannels; }
}
