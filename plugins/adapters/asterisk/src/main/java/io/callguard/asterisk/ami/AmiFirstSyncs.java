package io.callguard.asterisk.ami;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Asterisk servers of one node and which of them have been resynchronised since the start. The rule modules
 * hear the call tracker's {@code onResync} once the picture is whole: the first one when every server has had its
 * first resynchronisation (the call caps adopt the calls already up on all of them at once), then every one, as
 * with one server. A server still down at start delays it to its first resynchronisation, or to another server's
 * next one (the caps' periodic reconciliation), whichever comes first.
 */
public final class AmiFirstSyncs {
    private final Set<String> servers;
    private final Set<String> synced = ConcurrentHashMap.newKeySet();

    public AmiFirstSyncs(Collection<String> servers) { this.servers = Set.copyOf(servers); }

    /** {@code server}'s resynchronisation was applied; returns whether the listeners should hear it. */
    boolean synced(String server) {
        boolean again = !synced.add(server);
        return again || synced.containsAll(servers);
    }
}
