package io.callguard.records.build;

import io.callguard.core.control.CallEvent;
import io.callguard.testkit.ami.AmiFrame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each call event of a capture reached the capture client, read from its {@code ami-timed.txt}: a replay
 * delivers the frames at once, so the test's clock is set to the capture's time of each event just before the
 * builder hears it, as if the events came at the pace Asterisk sent them.
 */
final class CaptureTimes {
    private final Map<String, ArrayDeque<Instant>> byKey = new HashMap<>();

    private CaptureTimes() { }

    static CaptureTimes read(Path amiTimedTxt, Instant origin) throws IOException {
        CaptureTimes times = new CaptureTimes();
        List<String> lines = Files.readAllLines(amiTimedTxt, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("### +") || !line.endsWith("<<<")) continue;
            double offset = Double.parseDouble(line.substring(5, line.indexOf(' ', 5)));
            StringBuilder frame = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).startsWith("### "); j++) frame.append(lines.get(j)).append('\n');
            i = j - 1;
            String text = frame.toString().strip();
            if (text.isEmpty() || !text.contains(":")) continue; // the greeting line
            String key = key(AmiFrame.parse(text));
            if (key != null) {
                times.byKey.computeIfAbsent(key, k -> new ArrayDeque<>())
                        .add(origin.plus(Duration.ofNanos(Math.round(offset * 1e9))));
            }
        }
        return times;
    }

    /** The capture's time of {@code event}, null when the capture has none (the next of equal ones). */
    Instant timeOf(CallEvent event) {
        ArrayDeque<Instant> q = byKey.get(key(event));
        return q == null ? null : q.poll();
    }

    private static String key(AmiFrame f) {
        String e = f.event();
        if (e == null) return null;
        return switch (e) {
            case "Newchannel" -> "C|" + f.get("Uniqueid");
            case "Newstate" -> "S|" + f.get("Uniqueid") + "|" + f.get("ChannelStateDesc");
            case "DialEnd" -> "D|" + f.get("Uniqueid") + "|" + dest(f.get("DestUniqueid"));
            case "Hangup" -> "H|" + f.get("Uniqueid");
            default -> null;
        };
    }

    /** As the adapter gives it: null for Asterisk's {@code <unknown>}. */
    private static String dest(String uniqueId) {
        return uniqueId == null || uniqueId.isBlank() || uniqueId.startsWith("<") ? null : uniqueId;
    }

    private static String key(CallEvent e) {
        if (e instanceof CallEvent.ChannelCreated c) return "C|" + c.uniqueId();
        if (e instanceof CallEvent.StateChanged s) return "S|" + s.uniqueId() + "|" + s.state();
        if (e instanceof CallEvent.DialEnded d) return "D|" + d.uniqueId() + "|" + d.destUniqueId();
        if (e instanceof CallEvent.HungUp h) return "H|" + h.uniqueId();
        return "";
    }
}
