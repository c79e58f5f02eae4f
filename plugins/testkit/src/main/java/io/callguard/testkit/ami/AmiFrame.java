package io.callguard.testkit.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One AMI frame (an action, a response or an event): ordered {@code Name: value} headers, duplicates allowed
 * (AMI repeats {@code Variable:}). Names compare case-insensitively, as Asterisk does.
 */
public final class AmiFrame {
    /** One {@code Name: value} line. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            value = value == null ? "" : value;
        }
    }

    private final List<Header> headers;

    private AmiFrame(List<Header> headers) { this.headers = Collections.unmodifiableList(headers); }

    public static Builder builder() { return new Builder(); }

    /** A frame from name/value pairs in map order. */
    public static AmiFrame of(Map<String, String> fields) {
        Builder b = builder();
        fields.forEach(b::add);
        return b.build();
    }

    /** Parses the lines of one frame (LF or CRLF line ends, blank lines ignored). */
    public static AmiFrame parse(String text) {
        Builder b = builder();
        for (String raw : text.split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) continue;
            b.addLine(line);
        }
        return b.build();
    }

    public List<Header> headers() { return headers; }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) return h.value();
        }
        return null;
    }

    public String getOrEmpty(String name) {
        String v = get(name);
        return v == null ? "" : v;
    }

    public boolean has(String name) { return get(name) != null; }

    /** The {@code Event:} name, or null for a response/action. */
    public String event() { return get("Event"); }

    /** The {@code Action:} name, or null. */
    public String action() { return get("Action"); }

    public boolean isResponse() { return has("Response"); }

    /** A copy with {@code name} set to {@code value} (replaced in place, or appended). */
    public AmiFrame with(String name, String value) {
        List<Header> copy = new ArrayList<>(headers);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).name().equalsIgnoreCase(name)) {
                copy.set(i, new Header(copy.get(i).name(), value));
                return new AmiFrame(copy);
            }
        }
        copy.add(new Header(name, value));
        return new AmiFrame(copy);
    }

    /** The bytes Asterisk sends: every line CRLF-terminated, then an empty CRLF line. */
    public byte[] toWire() { return wireText().getBytes(StandardCharsets.UTF_8); }

    public String wireText() {
        StringBuilder sb = new StringBuilder(headers.size() * 32 + 2);
        for (Header h : headers) sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        return sb.append("\r\n").toString();
    }

    @Override public String toString() { return wireText().replace("\r\n", "\n"); }

    @Override public boolean equals(Object o) { return o instanceof AmiFrame f && f.headers.equals(headers); }

    @Override public int hashCode() { return headers.hashCode(); }

    /** Builds a frame header by header. */
    public static final class Builder {
        private final List<Header> headers = new ArrayList<>();

        public Builder add(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        public Builder add(String name, int value) { return add(name, Integer.toString(value)); }

        /** Adds a raw {@code Name: value} line; a line without a colon is kept whole as a name with no value. */
        public Builder addLine(String line) {
            int colon = line.indexOf(':');
            if (colon < 0) return add(line, "");
            String value = line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            return add(line.substring(0, colon), value);
        }

        public AmiFrame build() { return new AmiFrame(new ArrayList<>(headers)); }
    }
}
