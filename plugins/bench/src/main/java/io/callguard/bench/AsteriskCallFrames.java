package io.callguard.bench;

import io.callguard.testkit.agi.AgiCaptures;
import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AMI frames a real Asterisk 22 sends for one answered outbound call through the shipped {@code manager.conf}
 * filter, taken from a capture ({@code outbound-answered/ami.txt}) and turned into templates that any generated
 * call fills with its own Uniqueid, Linkedid, channel names, account code and numbers.
 *
 * <p>The capture holds every event (CEL, VarSet, Newexten…): only those the shipped filter lets through and that
 * concern the call are kept ({@link #SHIPPED_FILTER}, a Newstate only when a channel goes Up): for an answered call,
 * Newchannel of the caller; after the AGI, Newchannel of the callee and DialBegin; at the answer Newstate(Up) of the
 * callee, DialEnd and Newstate(Up) of the caller; at the end Hangup of both legs, 8 frames. They are split into the
 * {@link Phase}s at which Asterisk sends them relative to the AGI session. A denied call sends only the caller's
 * Newchannel and its Hangup with the verdict's cause, as {@code Hangup(${CALLGUARD_CAUSE})} does.
 *
 * <p>Rendering is a concatenation of prepared strings: the generator's cost per frame stays small beside the
 * server's.
 */
final class AsteriskCallFrames {
    /** The channel events of the shipped filter ({@code config-examples/asterisk/manager.conf}). */
    static final Set<String> SHIPPED_FILTER = Set.of("Newchannel", "Newstate", "Hangup", "DialBegin", "DialEnd");
    static final String DEFAULT_SCENARIO = "outbound-answered";

    /** When Asterisk sends a frame, relative to the call's AGI session. */
    enum Phase {
        /** Before the AGI connects: the caller's channel exists and runs the dialplan up to AGI(). */
        BEFORE_AGI,
        /** Right after the AGI session, when the verdict lets the call dial: the callee leg and DialBegin. */
        DIAL,
        /** The callee answers. */
        ANSWER,
        /** Either side hangs up: both legs' Hangup. */
        HANG_UP
    }

    /** What a template slot is filled with. */
    private enum Slot {
        CALLER_UID, CALLEE_UID, CALLER_CHANNEL, CALLEE_CHANNEL, CALLER_NUMBER, CALLEE_NUMBER, ACCOUNT, DIAL_STRING,
        CAUSE, CAUSE_TEXT
    }

    /** The carrier endpoint the generated calls are dialled to (no trunk of the bench's directory: no cap). */
    static final String CARRIER_ENDPOINT = "bench-carrier";

    /** One frame: literal text between slots (parts.length == slots.length + 1). */
    private record Template(String event, String[] parts, Slot[] slots) {
        Buffer render(BenchCall call, String calleeUid, String calleeChannel, int cause) {
            StringBuilder sb = new StringBuilder(640);
            for (int i = 0; i < slots.length; i++) {
                sb.append(parts[i]);
                sb.append(switch (slots[i]) {
                    case CALLER_UID -> call.uniqueId();
                    case CALLEE_UID -> calleeUid;
                    case CALLER_CHANNEL -> call.channel();
                    case CALLEE_CHANNEL -> calleeChannel;
                    case CALLER_NUMBER -> call.caller();
                    case CALLEE_NUMBER -> call.callee();
                    case ACCOUNT -> call.account();
                    case DIAL_STRING -> call.callee() + "@" + CARRIER_ENDPOINT;
                    case CAUSE -> Integer.toString(cause);
                    case CAUSE_TEXT -> causeText(cause);
                });
            }
            sb.append(parts[slots.length]);
            return Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<Phase, List<Template>> phases;
    private final Template deniedHangup;
    private final String source;

    private AsteriskCallFrames(Map<Phase, List<Template>> phases, Template deniedHangup, String source) {
        this.phases = phases;
        this.deniedHangup = deniedHangup;
        this.source = source;
    }

    /**
     * From {@code <captures>/outbound-answered/ami.txt}; {@code captures} null = the testkit's search
     * ({@code $CALLGUARD_TEST_SHARED/asterisk}, else {@code shared/asterisk} above the working directory).
     *
     * @throws IllegalStateException when the capture cannot be found or does not show an answered two-leg call
     */
    static AsteriskCallFrames load(Path captures) {
        Path root = captures != null ? captures : AgiCaptures.root().orElseThrow(() -> new IllegalStateException(
                "real Asterisk captures not found (" + AgiCaptures.searched() + "); give --captures DIR"));
        Path file = root.resolve(DEFAULT_SCENARIO).resolve("ami.txt");
        if (!Files.isRegularFile(file)) throw new IllegalStateException("no AMI capture at " + file);
        return fromCapture(AmiCapture.read(file), file.toString());
    }

    /** The templates of the first answered call of a capture. */
    static AsteriskCallFrames fromCapture(AmiCapture capture, String source) {
        List<AmiFrame> kept = new ArrayList<>();
        for (AmiFrame f : capture.replayableEvents()) {
            if (SHIPPED_FILTER.contains(f.event()) && AmiReplayFrames.shipped(f)) kept.add(f);
        }
        AmiFrame callerNew = kept.stream().filter(f -> "Newchannel".equals(f.event())).findFirst()
                .orElseThrow(() -> new IllegalStateException(source + ": no Newchannel"));
        String callerUid = callerNew.get("Uniqueid");
        AmiFrame dialBegin = kept.stream().filter(f -> "DialBegin".equals(f.event())
                && callerUid.equals(f.get("Uniqueid"))).findFirst()
                .orElseThrow(() -> new IllegalStateException(source + ": no DialBegin of " + callerUid));
        String calleeUid = dialBegin.get("DestUniqueid");
        // the lab's dialplan contexts, renamed after the bench's (the FastAGI header says from-client)
        Map<String, String> contexts = Map.of(callerNew.get("Context"), "from-client", dialBegin.get("DestContext"), "from-carrier");
        Map<String, Slot> identities = Map.of(callerUid, Slot.CALLER_UID, calleeUid, Slot.CALLEE_UID,
                callerNew.get("Channel"), Slot.CALLER_CHANNEL, dialBegin.get("DestChannel"), Slot.CALLEE_CHANNEL,
                callerNew.get("CallerIDNum"), Slot.CALLER_NUMBER, callerNew.get("Exten"), Slot.CALLEE_NUMBER);

        Map<Phase, List<Template>> phases = new java.util.EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) phases.put(p, new ArrayList<>());
        Phase phase = Phase.BEFORE_AGI;
        AmiFrame callerHangup = null;
        for (AmiFrame f : kept) {
            String uid = f.get("Uniqueid");
            boolean ours = callerUid.equals(uid) || calleeUid.equals(uid);
            if (!ours) continue; // another call of the capture
            String event = f.event();
            // the phase boundaries: the callee's Newchannel opens the dial, its Newstate(Up) the answer, a Hangup the end
            if (event.equals("Newchannel") && calleeUid.equals(uid)) phase = Phase.DIAL;
            else if (event.equals("Newstate") && calleeUid.equals(uid) && "Up".equals(f.get("ChannelStateDesc"))) {
                phase = Phase.ANSWER;
            } else if (event.equals("Hangup")) phase = Phase.HANG_UP;
            if (event.equals("Hangup") && callerUid.equals(uid)) callerHangup = f;
            phases.get(phase).add(template(f, identities, contexts));
        }
        if (callerHangup == null || phases.get(Phase.DIAL).isEmpty() || phases.get(Phase.ANSWER).isEmpty()) {
            throw new IllegalStateException(source + ": not an answered two-leg call (dial/answer/hang-up missing)");
        }
        // a denied call: the caller hangs up in state Ring, before any answer, with the verdict's cause
        AmiFrame denied = callerHangup.with("ChannelState", "4").with("ChannelStateDesc", "Ring")
                .with("ConnectedLineNum", "<unknown>").with("ConnectedLineName", "<unknown>")
                .with("Cause", "\u0000CAUSE").with("Cause-txt", "\u0000CAUSE_TEXT");
        Map<Phase, List<Template>> frozen = new java.util.EnumMap<>(Phase.class);
        phases.forEach((p, list) -> frozen.put(p, List.copyOf(list)));
        return new AsteriskCallFrames(frozen, template(denied, identities, contexts), source);
    }

    /**
     * @param identities capture value → slot (Uniqueids, channel names, numbers)
     * @param contexts   the lab's dialplan context → the bench's
     */
    private static Template template(AmiFrame f, Map<String, Slot> identities, Map<String, String> contexts) {
        List<String> parts = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (AmiFrame.Header h : f.headers()) {
            literal.append(h.name()).append(": ");
            Slot slot = h.value().startsWith("\u0000") ? Slot.valueOf(h.value().substring(1))
                    : h.name().endsWith("AccountCode") ? Slot.ACCOUNT // both legs: Dial copies the caller's
                    : h.name().equals("DialString") ? Slot.DIAL_STRING
                    : identities.get(h.value());
            if (slot == null) {
                literal.append(h.name().endsWith("Context") ? contexts.getOrDefault(h.value(), h.value()) : h.value());
            } else {
                parts.add(literal.toString());
                slots.add(slot);
                literal.setLength(0);
            }
            literal.append("\r\n");
        }
        literal.append("\r\n");
        parts.add(literal.toString());
        return new Template(f.event(), parts.toArray(String[]::new), slots.toArray(Slot[]::new));
    }

    /** The frames of {@code phase} for {@code call}, in Asterisk's order. */
    List<Buffer> render(Phase phase, BenchCall call) {
        List<Template> templates = phases.get(phase);
        List<Buffer> out = new ArrayList<>(templates.size());
        for (Template t : templates) out.add(t.render(call, call.calleeUniqueId(), call.calleeChannel(), 16));
        return out;
    }

    /** The caller's Hangup of a denied call, with the verdict's Q.850 cause. */
    Buffer deniedHangup(BenchCall call, int cause) {
        return deniedHangup.render(call, call.calleeUniqueId(), call.calleeChannel(), cause);
    }

    /** Event names per phase, e.g. for the run's description. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        int total = 0;
        for (Phase p : Phase.values()) {
            List<Template> list = phases.get(p);
            total += list.size();
            sb.append(p.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                    .append(list.stream().map(Template::event).toList()).append(' ');
        }
        return total + " frames per answered call from " + source + ": " + sb.toString().trim();
    }

    int framesPerAnsweredCall() {
        int n = 0;
        for (List<Template> list : phases.values()) n += list.size();
        return n;
    }

    private static String causeText(int cause) {
        return switch (cause) {
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 21 -> "Call Rejected";
            case 34 -> "Circuit/channel congestion";
            case 1 -> "Unallocated (unassigned) number";
            default -> "Unknown";
        };
    }
}
