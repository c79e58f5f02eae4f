package io.callguard.bench;

import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The event frames of a real Asterisk capture ({@code ami.txt} of {@code ../shared/asterisk/<scenario>}), repeated:
 * repetition {@code r} is the capture with fresh channel ids ({@code <epoch>.<seq>} becomes
 * {@code <epoch + 1000 (r + 1)>.<seq>} in every {@code Uniqueid}/{@code Linkedid}-like line), so that each
 * repetition is a new set of calls for the tracker. Optionally only the events of the shipped {@code manager.conf}
 * filter (config-examples/asterisk/manager.conf), as a production Asterisk sends them.
 */
final class AmiReplayFrames {
    /** The events the shipped manager.conf lets through. */
    static final Set<String> SHIPPED_FILTER = Set.of("Newchannel", "Newstate", "Hangup", "CoreShowChannel",
            "CoreShowChannelsComplete", "FullyBooted", "Shutdown", "OriginateResponse", "DialBegin", "DialEnd");

    /**
     * Whether the shipped manager.conf lets {@code f} through: its event is one of {@link #SHIPPED_FILTER}, and a
     * {@code Newstate} only when the channel goes Up ({@code ChannelState: 6}, the filter's header match).
     */
    static boolean shipped(AmiFrame f) {
        return SHIPPED_FILTER.contains(f.event()) && (!"Newstate".equals(f.event()) || "6".equals(f.get("ChannelState")));
    }

    private final List<AmiFrame> template;

    AmiReplayFrames(Path amiTxt, boolean shippedFilterOnly) {
        List<AmiFrame> events = AmiCapture.read(amiTxt).replayableEvents();
        List<AmiFrame> kept = new ArrayList<>();
        for (AmiFrame f : events) {
            if (!shippedFilterOnly || shipped(f)) kept.add(f);
        }
        if (kept.isEmpty()) throw new IllegalArgumentException("no event to replay in " + amiTxt);
        this.template = List.copyOf(kept);
    }

    /** Frames per repetition. */
    int framesPerRepetition() { return template.size(); }

    /** Hangup events per repetition. */
    int hangupsPerRepetition() {
        return (int) template.stream().filter(f -> "Hangup".equals(f.event())).count();
    }

    /** Repetitions {@code first} to {@code first + count - 1}, frame by frame, built as they are read. */
    Iterator<AmiFrame> repetitions(long first, long count) {
        return new Iterator<>() {
            long rep = first;
            int index;

            @Override public boolean hasNext() { return rep < first + count; }

            @Override public AmiFrame next() {
                if (!hasNext()) throw new NoSuchElementException();
                AmiFrame f = withFreshIds(template.get(index), rep);
                if (++index == template.size()) {
                    index = 0;
                    rep++;
                }
                return f;
            }
        };
    }

    static AmiFrame withFreshIds(AmiFrame f, long rep) {
        AmiFrame.Builder b = AmiFrame.builder();
        for (AmiFrame.Header h : f.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            boolean id = name.endsWith("uniqueid") && !name.startsWith("bridge") || name.endsWith("linkedid");
            b.add(h.name(), id ? freshId(h.value(), rep) : h.value());
        }
        return b.build();
    }

    /** {@code <epoch>.<seq>} of repetition {@code rep}; other values (none, &lt;unknown&gt;) as they are. */
    static String freshId(String value, long rep) {
        int dot = value.indexOf('.');
        if (dot <= 0) return value;
        try {
            long epoch = Long.parseLong(value.substring(0, dot));
            return (epoch + 1000 * (rep + 1)) + value.substring(dot);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
