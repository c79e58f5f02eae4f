package io.callguard.core.calls;

import java.util.regex.Pattern;

/**
 * The key callguard knows a channel by when one node watches several Asterisk servers: {@code <server>/<uniqueid>}.
 * Two Asterisk servers may give the same Uniqueid to different channels (both are {@code <epoch>.<sequence>}, unless
 * {@code systemname} is set in {@code asterisk.conf}, which prefixes them with {@code <systemname>-}); the adapter
 * qualifies every Uniqueid and Linkedid of a server with its configured name, so the tracker, the reservations and
 * the records keep them apart. With one server the adapter keeps Asterisk's plain Uniqueids (no separator): the keys
 * are then exactly Asterisk's.
 *
 * <p>An Asterisk Uniqueid never holds {@code /}; a server name is {@link #NAME_PATTERN} (no {@code /} either).
 */
public final class CallKeys {
    /** Between the server name and Asterisk's Uniqueid. */
    public static final char SEPARATOR = '/';
    /** What a server name may be: 1 to 32 letters, digits, {@code .}, {@code _} or {@code -}, starting alphanumeric. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,31}";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    private CallKeys() { }

    /** Whether {@code name} may name a server (and so prefix its calls' keys). */
    public static boolean validName(String name) { return name != null && NAME.matcher(name).matches(); }

    /** {@code server/id}; {@code id} as is when {@code server} is null (one server) or {@code id} is null or blank. */
    public static String qualify(String server, String id) {
        if (server == null || id == null || id.isBlank()) return id;
        return server + SEPARATOR + id;
    }

    /** The server part of a qualified key, null for a plain Uniqueid (or null). */
    public static String serverOf(String key) {
        if (key == null) return null;
        int at = key.indexOf(SEPARATOR);
        return at <= 0 ? null : key.substring(0, at);
    }

    /** Asterisk's own Uniqueid inside {@code key}: after the separator, else {@code key} itself. */
    public static String localId(String key) {
        if (key == null) return null;
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(at + 1);
    }

    /** Whether {@code key} belongs to {@code server}: qualified with it, or plain when {@code server} is null. */
    public static boolean ofServer(String key, String server) {
        if (key == null) return false;
        if (server == null) return key.indexOf(SEPARATOR) < 0;
        return key.length() > server.length() && key.charAt(server.length()) == SEPARATOR && key.startsWith(server);
    }
}
