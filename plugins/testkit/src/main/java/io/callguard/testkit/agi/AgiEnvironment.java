package io.callguard.testkit.agi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code agi_*} header block of one FastAGI session, with the fields in the order Asterisk 22.10.1 writes
 * them ({@code agi_network} ... {@code agi_threadid}, then {@code agi_arg_N}). Each line is
 * {@code name: value} ended by LF, so an empty value keeps its trailing space ({@code "agi_accountcode: "}),
 * and the block ends with an empty line. Immutable; the wire bytes are computed once.
 */
public final class AgiEnvironment {
    /** The fields Asterisk 22 always sends, in its order. */
    public static final List<String> STANDARD_FIELDS = List.of("agi_network", "agi_network_script", "agi_request",
            "agi_channel", "agi_language", "agi_type", "agi_uniqueid", "agi_version", "agi_callerid",
            "agi_calleridname", "agi_callingpres", "agi_callingani2", "agi_callington", "agi_callingtns", "agi_dnid",
            "agi_rdnis", "agi_context", "agi_extension", "agi_priority", "agi_enhanced", "agi_accountcode",
            "agi_threadid");

    private final Map<String, String> fields;
    private final byte[] bytes;

    private AgiEnvironment(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.bytes = render(this.fields).getBytes(StandardCharsets.UTF_8);
    }

    /** A builder pre-filled with plausible Asterisk 22 values (an outbound PJSIP call). */
    public static Builder builder() { return new Builder(); }

    /** A call from a client's trunk going out: {@code AGI(agi://…/outbound)} with the dialled number as extension. */
    public static AgiEnvironment outbound(String channel, String uniqueId, String accountCode, String callerId,
                                          String extension) {
        return builder().script("outbound").channel(channel).uniqueId(uniqueId).accountCode(accountCode)
                .callerId(callerId).extension(extension).context("from-client").build();
    }

    /** A call from the carrier to a client's number: {@code AGI(agi://…/inbound)}. */
    public static AgiEnvironment inbound(String channel, String uniqueId, String accountCode, String callerId,
                                         String extension) {
        return builder().script("inbound").channel(channel).uniqueId(uniqueId).accountCode(accountCode)
                .callerId(callerId).extension(extension).context("from-carrier").build();
    }

    /**
     * Parses a header block as captured from Asterisk ({@code name: value} lines, LF or CRLF, optionally ended by
     * the empty line). Values are kept exactly, so {@code fromCapture(b).toHeaderBlock()} gives {@code b} back.
     *
     * @throws IllegalArgumentException on a line that is not {@code agi_<name>:<value>}
     */
    public static AgiEnvironment fromCapture(String headerBlock) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String raw : headerBlock.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) continue;
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 0) {
                throw new IllegalArgumentException("not an agi_ header line: " + line);
            }
            String value = line.substring(colon + 1);
            fields.put(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
        }
        if (fields.isEmpty()) throw new IllegalArgumentException("empty header block");
        return new AgiEnvironment(fields);
    }

    /** The value of a field, by full ({@code agi_channel}) or short ({@code channel}) name; null when absent. */
    public String get(String name) { return fields.get(fullName(name)); }

    /** All fields in wire order. */
    public Map<String, String> fields() { return fields; }

    /** The AGI() arguments ({@code agi_arg_1..N}). */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (int i = 1; fields.containsKey("agi_arg_" + i); i++) args.add(fields.get("agi_arg_" + i));
        return args;
    }

    /** A copy with one field replaced (kept in place) or appended. */
    public AgiEnvironment with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(fullName(name), Objects.requireNonNull(value, "value"));
        return new AgiEnvironment(copy);
    }

    /** A copy whose AGI() arguments are exactly {@code args}. */
    public AgiEnvironment withArguments(String... args) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.keySet().removeIf(k -> k.startsWith("agi_arg_"));
        for (int i = 0; i < args.length; i++) copy.put("agi_arg_" + (i + 1), args[i]);
        return new AgiEnvironment(copy);
    }

    /** The block as Asterisk writes it, the terminating empty line included. */
    public String toHeaderBlock() { return new String(bytes, StandardCharsets.UTF_8); }

    /** {@link #toHeaderBlock()} as UTF-8 bytes (a copy). */
    public byte[] toBytes() { return bytes.clone(); }

    byte[] wireBytes() { return bytes; }

    @Override public String toString() { return "AgiEnvironment" + fields; }

    @Override public boolean equals(Object o) { return o instanceof AgiEnvironment e && e.fields.equals(fields); }

    @Override public int hashCode() { return fields.hashCode(); }

    private static String fullName(String name) { return name.startsWith("agi_") ? name : "agi_" + name; }

    private static String render(Map<String, String> fields) {
        StringBuilder b = new StringBuilder(600);
        fields.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.append('\n').toString();
    }

    /** Fills the standard fields in Asterisk's order; the setters keep that order whatever order they are called in. */
    public static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private String host = "127.0.0.1:4573";

        private Builder() {
            fields.put("agi_network", "yes");
            fields.put("agi_network_script", "outbound");
            fields.put("agi_request", "agi://127.0.0.1:4573/outbound");
            fields.put("agi_channel", "PJSIP/sipp-uac-00000000");
            fields.put("agi_language", "en");
            fields.put("agi_type", "PJSIP");
            fields.put("agi_uniqueid", "1795713716.0");
            fields.put("agi_version", "22.10.1");
            fields.put("agi_callerid", "unknown");
            fields.put("agi_calleridname", "unknown");
            fields.put("agi_callingpres", "0");
            fields.put("agi_callingani2", "0");
            fields.put("agi_callington", "0");
            fields.put("agi_callingtns", "0");
            fields.put("agi_dnid", "unknown");
            fields.put("agi_rdnis", "unknown");
            fields.put("agi_context", "default");
            fields.put("agi_extension", "s");
            fields.put("agi_priority", "2");
            fields.put("agi_enhanced", "0.0");
            fields.put("agi_accountcode", "");
            fields.put("agi_threadid", "140198694999744");
        }

        /** The script path (without '/'); also rewrites {@code agi_request}. */
        public Builder script(String script) {
            fields.put("agi_network_script", script);
            fields.put("agi_request", "agi://" + host + "/" + script);
            return this;
        }

        /** The {@code host:port} shown in {@code agi_request}. */
        public Builder requestHost(String hostAndPort) {
            this.host = hostAndPort;
            return script(fields.get("agi_network_script"));
        }

        /** The channel name; also sets {@code agi_type} from its technology prefix. */
        public Builder channel(String channel) {
            fields.put("agi_channel", channel);
            int slash = channel.indexOf('/');
            if (slash > 0) fields.put("agi_type", channel.substring(0, slash));
            return this;
        }

        public Builder uniqueId(String uniqueId) { return set("agi_uniqueid", uniqueId); }

        /** The caller number; also the caller name unless set later; null or empty becomes {@code unknown}. */
        public Builder callerId(String callerId) {
            String v = callerId == null || callerId.isEmpty() ? "unknown" : callerId;
            fields.put("agi_callerid", v);
            fields.put("agi_calleridname", v);
            return this;
        }

        public Builder callerIdName(String name) { return set("agi_calleridname", name); }

        /** The dialled extension; also {@code agi_dnid}. */
        public Builder extension(String extension) {
            fields.put("agi_extension", extension);
            fields.put("agi_dnid", extension);
            return this;
        }

        public Builder dnid(String dnid) { return set("agi_dnid", dnid); }

        public Builder context(String context) { return set("agi_context", context); }

        public Builder priority(int priority) { return set("agi_priority", Integer.toString(priority)); }

        public Builder accountCode(String accountCode) { return set("agi_accountcode", accountCode == null ? "" : accountCode); }

        public Builder language(String language) { return set("agi_language", language); }

        public Builder threadId(String threadId) { return set("agi_threadid", threadId); }

        /** AGI() arguments, sent as {@code agi_arg_1..N} after the standard fields. */
        public Builder arguments(String... arguments) {
            args.clear();
            args.addAll(List.of(arguments));
            return this;
        }

        /** Any field by full or short name; a new field goes after the standard ones. */
        public Builder set(String name, String value) {
            fields.put(fullName(name), Objects.requireNonNull(value, "value"));
            return this;
        }

        public AgiEnvironment build() {
            Map<String, String> all = new LinkedHashMap<>(fields);
            for (int i = 0; i < args.size(); i++) all.put("agi_arg_" + (i + 1), args.get(i));
            return new AgiEnvironment(all);
        }
    }
}
