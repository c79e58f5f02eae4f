package io.callguard.testkit.ami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real AMI capture ({@code ami.txt} of a scenario in {@code shared/asterisk}): line 1 is the greeting, then
 * frames separated by blank lines, LF line ends.
 *
 * @param greeting the first line, e.g. {@code Asterisk Call Manager/11.0.0}
 * @param frames   every frame, in order (responses included)
 */
public record AmiCapture(String greeting, List<AmiFrame> frames) {
    /** Per-login events: they belong to the capture client's session, not to the state a replay shows. */
    private static final Set<String> SESSION_EVENTS = Set.of("FullyBooted", "SuccessfulAuth");

    public AmiCapture {
        frames = List.copyOf(frames);
    }

    public static AmiCapture read(Path amiTxt) {
        try {
            return parse(Files.readString(amiTxt, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read AMI capture " + amiTxt, e);
        }
    }

    public static AmiCapture parse(String text) {
        String normalized = text.replace("\r\n", "\n");
        int firstLf = normalized.indexOf('\n');
        String greeting = firstLf < 0 ? normalized : normalized.substring(0, firstLf);
        String rest = firstLf < 0 ? "" : normalized.substring(firstLf + 1);
        List<AmiFrame> frames = new ArrayList<>();
        for (String block : rest.split("\n\n+")) {
            if (block.isBlank()) continue;
            frames.add(AmiFrame.parse(block));
        }
        return new AmiCapture(greeting, frames);
    }

    /** The frames a replay sends: events only, without responses and the per-login FullyBooted/SuccessfulAuth. */
    public List<AmiFrame> replayableEvents() {
        List<AmiFrame> out = new ArrayList<>();
        for (AmiFrame f : frames) {
            String event = f.event();
            if (event == null || f.isResponse() || SESSION_EVENTS.contains(event)) continue;
            out.add(f);
        }
        return out;
    }
}
