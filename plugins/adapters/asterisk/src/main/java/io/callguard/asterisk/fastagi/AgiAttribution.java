package io.callguard.asterisk.fastagi;

import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which Asterisk server a FastAGI session comes from, when a node watches several: its channel's Uniqueid is then
 * qualified with that server's name ({@link io.callguard.core.calls.CallKeys}), as the AMI adapter qualifies the
 * server's events. In this order:
 * <ol>
 * <li>the dialplan names it: {@code AGI(agi://callguard:4573/outbound?asterisk=${SYSTEMNAME})} (or any name the
 * dialplan writes there): a configured server name wins; an unknown one makes the session unattributable (a
 * misconfigured dialplan is not silently guessed around);</li>
 * <li>else the session's peer address is one of a single server's {@code agiAddresses} (default: its AMI host,
 * resolved at start);</li>
 * <li>else, with one server, that server.</li>
 * </ol>
 * An unattributable session gets the failure decision ({@code fastagi.failureMode}, reason
 * {@value #UNKNOWN_ASTERISK}), as for an error: emergency numbers always ALLOW, nothing is reserved or tracked.
 */
public final class AgiAttribution {
    /** The query parameter of the AGI URL naming the server. */
    public static final String PARAMETER = "asterisk";

    /** The reason of the failure decision an unattributable session gets. */
    public static final String UNKNOWN_ASTERISK = "UNKNOWN_ASTERISK";

    /** One server: nothing to attribute, Uniqueids stay plain. */
    public static final AgiAttribution SINGLE = new AgiAttribution(Map.of());

    private final Set<String> names;
    private final Map<String, String> byAddress;

    private AgiAttribution(Map<String, List<String>> addressesByServer) {
        this.names = Set.copyOf(addressesByServer.keySet());
        Map<String, String> addresses = new HashMap<>();
        Map<String, Boolean> ambiguous = new HashMap<>();
        addressesByServer.forEach((server, list) -> {
            for (String a : list) {
                String key = a.toLowerCase(Locale.ROOT);
                String other = addresses.putIfAbsent(key, server);
                if (other != null && !other.equals(server)) ambiguous.put(key, true);
            }
        });
        ambiguous.keySet().forEach(addresses::remove); // two servers on one address: only the argument tells them apart
        this.byAddress = Map.copyOf(addresses);
    }

    /**
     * The attribution of several servers; {@code agiAddresses} by server name, in configuration order. Host names
     * are resolved here (blocking: call at start, off the event loop); one that does not resolve is kept as written.
     */
    public static AgiAttribution of(Map<String, List<String>> agiAddresses) {
        if (agiAddresses.size() <= 1) return SINGLE;
        Map<String, List<String>> resolved = new LinkedHashMap<>();
        agiAddresses.forEach((server, list) -> {
            List<String> out = new ArrayList<>();
            for (String a : list) {
                out.add(a);
                try {
                    for (InetAddress ip : InetAddress.getAllByName(a)) out.add(ip.getHostAddress());
                } catch (UnknownHostException e) {
                    // kept as written: a peer whose address reads the same still matches
                }
            }
            resolved.put(server, out);
        });
        return new AgiAttribution(resolved);
    }

    /** Whether sessions are attributed at all (several servers). */
    public boolean several() { return !names.isEmpty(); }

    /**
     * The server of a session: null with one server (plain Uniqueids), {@link Result#UNKNOWN} when it cannot be told.
     *
     * @param named the {@code asterisk} parameter of the AGI URL, empty when absent
     * @param peer  the session's remote address, null when unknown
     */
    public Result serverOf(String named, SocketAddress peer) {
        if (names.isEmpty()) return null;
        if (named != null && !named.isEmpty()) return names.contains(named) ? new Result(named) : Result.UNKNOWN;
        if (peer != null && peer.hostAddress() != null) {
            String server = byAddress.get(peer.hostAddress().toLowerCase(Locale.ROOT));
            if (server != null) return new Result(server);
        }
        return Result.UNKNOWN;
    }

    /** A session's server; {@link #UNKNOWN} when it could not be told. */
    public record Result(String server) {
        public static final Result UNKNOWN = new Result("");

        public Result { Objects.requireNonNull(server, "server"); }

        public boolean known() { return !server.isEmpty(); }
    }
}
