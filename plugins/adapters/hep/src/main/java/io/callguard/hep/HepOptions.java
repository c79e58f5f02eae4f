package io.callguard.hep;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.util.List;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.SECRET;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The HEP collector's keys, declared here once and read with their bounds by {@link #from(ConfigView)}.
 *
 * @param enabled          whether the collector listens (off by default: Asterisk must be configured to send)
 * @param host             address the UDP socket binds
 * @param port             its port (res_hep's capture_address)
 * @param maxDatagramBytes the largest datagram received whole; a longer one is cut, so its HEP3 length is wrong and it
 *                         is counted malformed
 * @param password         when set, only packets whose authentication chunk (res_hep's capture_password) equals it
 *                         are read; the others are counted and dropped
 */
public record HepOptions(boolean enabled, String host, int port, int maxDatagramBytes, String password) {
    public static final String ENABLED = "hep.enabled";
    public static final String HOST = "hep.host";
    public static final String PORT = "hep.port";
    public static final String MAX_DATAGRAM_BYTES = "hep.maxDatagramBytes";
    public static final String PASSWORD = "hep.password";

    public static final List<Option> OPTIONS = List.of(
            Option.of(ENABLED, BOOLEAN, "false", "receive the HEP v3 datagrams of Asterisk's res_hep (SIP rates, R5 and R7)"),
            Option.of(HOST, STRING, "127.0.0.1", "address the HEP collector's UDP socket binds"),
            Option.of(PORT, INT, "9060", "UDP port of the HEP collector (res_hep's capture_address)"),
            Option.of(MAX_DATAGRAM_BYTES, INT, "65535",
                    "largest HEP datagram read; a longer one is counted malformed and dropped"),
            Option.of(PASSWORD, SECRET, "",
                    "when set, only HEP packets carrying this capture password (res_hep's capture_password) are read"));

    public static HepOptions from(ConfigView view) {
        return new HepOptions(view.bool(ENABLED), view.host(HOST), view.integer(PORT, 0, 65535, "0..65535 (0: any free port)"),
                view.integer(MAX_DATAGRAM_BYTES, 512, 65535, "512..65535"), view.text(PASSWORD));
    }

    /** Enabled, on this address, other keys at their defaults (tests). */
    public static HepOptions on(String host, int port) { return new HepOptions(true, host, port, 65535, ""); }

    @Override public String toString() {
        return "HepOptions[enabled=" + enabled + ", host=" + host + ", port=" + port + ", maxDatagramBytes="
                + maxDatagramBytes + ", password=" + (password.isEmpty() ? "" : "***") + "]";
    }
}
