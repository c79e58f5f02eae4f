package io.callguard.testkit.ami;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Generates the AMI event stream of many two-leg calls, lazily, for load: per call Newchannel ×2, Newstate Up ×2,
 * Hangup ×2 and {@code noisePerCall} VarSet frames (the bulk of a real Asterisk stream). Calls run in waves of
 * {@code concurrent}: a wave's calls are all set up before any of them hangs up.
 */
final class SyntheticCalls implements Iterator<AmiFrame> {
    /** Frames per call besides the noise. */
    static final int CORE_FRAMES_PER_CALL = 6;

    private final int calls;
    private final int concurrent;
    private final int noisePerCall;
    private final Supplier<String> uniqueIds;
    private final Clock clock;
    private final ArrayDeque<AmiFrame> queue = new ArrayDeque<>();
    private int started;

    SyntheticCalls(int calls, int concurrent, int noisePerCall, Supplier<String> uniqueIds, Clock clock) {
        if (calls < 0 || concurrent < 1 || noisePerCall < 0) throw new IllegalArgumentException("bad load shape");
        this.calls = calls;
        this.concurrent = concurrent;
        this.noisePerCall = noisePerCall;
        this.uniqueIds = uniqueIds;
        this.clock = clock;
    }

    @Override public boolean hasNext() {
        if (queue.isEmpty() && started < calls) nextWave();
        return !queue.isEmpty();
    }

    @Override public AmiFrame next() {
        if (!hasNext()) throw new NoSuchElementException();
        return queue.poll();
    }

    private void nextWave() {
        int n = Math.min(concurrent, calls - started);
        EmulatedChannel[][] legs = new EmulatedChannel[n][];
        for (int i = 0; i < n; i++) {
            int call = started + i;
            String a = uniqueIds.get();
            String b = uniqueIds.get();
            EmulatedChannel caller = new EmulatedChannel(a, a, String.format("PJSIP/load-%08x", 2 * call),
                    "load", "0140000000", "06" + String.format("%08d", call), "Ring", "from-sipp", clock.instant());
            EmulatedChannel callee = new EmulatedChannel(b, a, String.format("PJSIP/carrier-%08x", 2 * call + 1),
                    "", "0140000000", "", "Down", "from-uas", clock.instant());
            legs[i] = new EmulatedChannel[]{caller, callee};
            queue.add(caller.newchannel());
            int half = noisePerCall / 2;
            for (int v = 0; v < half; v++) queue.add(varSet(caller, "NOISE_" + v, Integer.toString(v)));
            queue.add(callee.newchannel());
            queue.add(callee.withState("Up").newstate());
            queue.add(caller.withState("Up").newstate());
            for (int v = half; v < noisePerCall; v++) queue.add(varSet(callee, "NOISE_" + v, Integer.toString(v)));
        }
        for (EmulatedChannel[] pair : legs) {
            queue.add(pair[0].withState("Up").hangup(16));
            queue.add(pair[1].withState("Up").hangup(16));
        }
        started += n;
    }

    private static AmiFrame varSet(EmulatedChannel c, String variable, String value) {
        AmiFrame f = c.newstate();
        AmiFrame.Builder b = AmiFrame.builder();
        for (AmiFrame.Header h : f.headers()) {
            if (h.name().equals("Event")) b.add("Event", "VarSet");
            else if (h.name().equals("Privilege")) b.add("Privilege", "dialplan,all");
            else b.add(h.name(), h.value());
        }
        return b.add("Variable", variable).add("Value", value).build();
    }
}
