package io.callguard.asterisk.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One AMI action as plain {@code Key: Value} lines: {@code Action: <name>}, then the lines in the order added.
 * The client adds its own {@code ActionID} (the one set here, behind a correlation prefix of its own) when it
 * sends the action. Values must be single lines: a CR or LF is refused, as it would inject lines.
 */
public final class AmiAction {
    private final String name;
    private final List<String[]> lines = new ArrayList<>();
    private String actionId;

    private AmiAction(String name) { this.name = checked(Objects.requireNonNull(name, "name")); }

    /** A new action {@code Action: name}. */
    public static AmiAction named(String name) { return new AmiAction(name); }

    /** {@code Hangup} of a channel with a Q.850 cause. */
    public static AmiAction hangup(String channel, int cause) {
        return named("Hangup").add("Channel", channel).add("Cause", Integer.toString(cause));
    }

    /** Adds a line (several lines may share a key, e.g. {@code Variable}); a null value adds nothing. */
    public AmiAction add(String key, String value) {
        if (value != null) lines.add(new String[]{checked(key), checked(value)});
        return this;
    }

    /** The ActionID the caller chooses (echoed in the response and in the events the action causes). */
    public AmiAction actionId(String id) {
        this.actionId = id == null ? null : checked(id);
        return this;
    }

    public String name() { return name; }

    /** The caller's ActionID, null when none was set. */
    public String actionId() { return actionId; }

    /** The last value of {@code key} (case-insensitive), null when absent. */
    public String get(String key) {
        String found = null;
        for (String[] l : lines) if (l[0].equalsIgnoreCase(key)) found = l[1];
        return found;
    }

    /** Every value of {@code key} (case-insensitive), in order. */
    public List<String> getAll(String key) {
        List<String> out = new ArrayList<>();
        for (String[] l : lines) if (l[0].equalsIgnoreCase(key)) out.add(l[1]);
        return out;
    }

    /** The {@code Variable: name=value} lines as a map, in order. */
    public Map<String, String> variables() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : getAll("Variable")) {
            int eq = v.indexOf('=');
            if (eq > 0) out.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return out;
    }

    /** The frame on the wire, with {@code wireActionId} as its ActionID, ended by the blank line. */
    byte[] toWire(String wireActionId) {
        StringBuilder sb = new StringBuilder(64 + 32 * lines.size());
        sb.append("Action: ").append(name).append("\r\n");
        if (wireActionId != null) sb.append("ActionID: ").append(wireActionId).append("\r\n");
        for (String[] l : lines) sb.append(l[0]).append(": ").append(l[1]).append("\r\n");
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String checked(String s) {
        Objects.requireNonNull(s);
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) throw new IllegalArgumentException("AMI values are single lines");
        return s;
    }

    /** The action as it would be sent, for logs: no secret is ever put in an AmiAction built by callers. */
    @Override public String toString() { return "AmiAction[" + name + "]"; }
}
