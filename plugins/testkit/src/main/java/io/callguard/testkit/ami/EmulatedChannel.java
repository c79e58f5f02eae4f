package io.callguard.testkit.ami;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A channel the emulated Asterisk holds, and the AMI frames that describe it (field sets as in the real captures).
 *
 * @param uniqueId    Uniqueid ({@code <boot epoch>.<sequence>})
 * @param linkedId    Linkedid (the first leg's Uniqueid)
 * @param channel     channel name, e.g. {@code PJSIP/trunk-a-00000001}
 * @param accountCode AccountCode (often empty)
 * @param callerNum   CallerIDNum
 * @param exten       Exten
 * @param state       ChannelStateDesc: Down, Ring, Ringing, Up…
 * @param context     dialplan context
 * @param createdAt   creation time (CoreShowChannel's Duration counts from it)
 */
public record EmulatedChannel(String uniqueId, String linkedId, String channel, String accountCode, String callerNum,
                              String exten, String state, String context, Instant createdAt) {
    private static final Map<String, Integer> STATE_CODES = Map.of("Down", 0, "Rsrvd", 1, "OffHook", 2,
            "Dialing", 3, "Ring", 4, "Ringing", 5, "Up", 6, "Busy", 7);
    private static final Map<Integer, String> CAUSE_TEXTS = Map.ofEntries(Map.entry(0, "Unknown"),
            Map.entry(1, "Unallocated (unassigned) number"), Map.entry(3, "No route to destination"),
            Map.entry(16, "Normal Clearing"), Map.entry(17, "User busy"), Map.entry(18, "No user responding"),
            Map.entry(19, "User alerting, no answer"), Map.entry(21, "Call Rejected"),
            Map.entry(34, "Circuit/channel congestion"), Map.entry(127, "Interworking, unspecified"));

    public EmulatedChannel {
        accountCode = nz(accountCode);
        callerNum = nz(callerNum);
        exten = nz(exten);
        state = state == null || state.isEmpty() ? "Ring" : state;
        context = context == null || context.isEmpty() ? "from-sipp" : context;
        linkedId = linkedId == null || linkedId.isEmpty() ? uniqueId : linkedId;
    }

    public EmulatedChannel withState(String newState) {
        return new EmulatedChannel(uniqueId, linkedId, channel, accountCode, callerNum, exten, newState, context,
                createdAt);
    }

    public static int stateCode(String state) { return STATE_CODES.getOrDefault(state, 0); }

    public static String causeText(int cause) { return CAUSE_TEXTS.getOrDefault(cause, "Unknown"); }

    public AmiFrame newchannel() { return snapshot("Newchannel", "call,all").build(); }

    public AmiFrame newstate() { return snapshot("Newstate", "call,all").build(); }

    public AmiFrame hangup(int cause) {
        return snapshot("Hangup", "call,all").add("Cause", cause).add("Cause-txt", causeText(cause)).build();
    }

    /** One item of a CoreShowChannels list, answering the action {@code actionId}. */
    public AmiFrame coreShowChannel(String actionId, Instant now) {
        long s = Math.max(0, Duration.between(createdAt, now).getSeconds());
        String duration = String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        AmiFrame.Builder b = AmiFrame.builder().add("Event", "CoreShowChannel");
        if (actionId != null) b.add("ActionID", actionId);
        channelFields(b);
        return b.add("Application", "Up".equals(state) ? "Dial" : "AGI").add("ApplicationData", "")
                .add("Duration", duration).add("BridgeId", "").build();
    }

    private AmiFrame.Builder snapshot(String event, String privilege) {
        AmiFrame.Builder b = AmiFrame.builder().add("Event", event).add("Privilege", privilege);
        channelFields(b);
        return b;
    }

    private void channelFields(AmiFrame.Builder b) {
        b.add("Channel", channel).add("ChannelState", stateCode(state)).add("ChannelStateDesc", state)
                .add("CallerIDNum", callerNum).add("CallerIDName", "<unknown>")
                .add("ConnectedLineNum", "<unknown>").add("ConnectedLineName", "<unknown>")
                .add("Language", "en").add("AccountCode", accountCode).add("Context", context)
                .add("Exten", exten).add("Priority", 1).add("Uniqueid", uniqueId).add("Linkedid", linkedId);
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
