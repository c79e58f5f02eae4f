package io.callguard.records.build;

import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a capture itself says about its calls: its {@code Cdr} events and the FastAGI verdicts of {@code agi.txt}. */
final class CapturedCalls {
    /**
     * The Cdr that is the call's: the first one of the client leg's UniqueID. After a failed Dial Asterisk writes a
     * second one for the same channel ({@code LastApplication: Hangup}, from the Dial's return to the hang-up, 0 s):
     * the dialplan's tail after the attempt, not the call.
     */
    record Cdr(String uniqueId, String disposition, long billableSeconds, String lastApplication, int cdrCount) { }

    /** One FastAGI session: the channel it decided and what the stub told Asterisk. */
    record AgiVerdict(String uniqueId, String channel, String caller, String extension, String verdict, Integer cause) { }

    static Map<String, Cdr> cdrs(AmiCapture capture) {
        Map<String, List<AmiFrame>> byId = new LinkedHashMap<>();
        for (AmiFrame f : capture.frames()) {
            if ("Cdr".equals(f.event())) byId.computeIfAbsent(f.get("UniqueID"), k -> new ArrayList<>()).add(f);
        }
        Map<String, Cdr> out = new LinkedHashMap<>();
        byId.forEach((id, frames) -> {
            AmiFrame first = frames.get(0);
            out.put(id, new Cdr(id, first.get("Disposition"), Long.parseLong(first.get("BillableSeconds")),
                    first.get("LastApplication"), frames.size()));
        });
        return out;
    }

    /** The Q.850 cause of each channel's {@code Hangup} event. */
    static Map<String, Integer> hangupCauses(AmiCapture capture) {
        Map<String, Integer> out = new HashMap<>();
        for (AmiFrame f : capture.frames()) {
            if ("Hangup".equals(f.event()) && f.has("Cause")) out.put(f.get("Uniqueid"), Integer.valueOf(f.get("Cause")));
        }
        return out;
    }

    static Map<String, AgiVerdict> verdicts(Path agiTxt) throws IOException {
        Map<String, AgiVerdict> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(agiTxt)) return out;
        String uid = null, channel = "", caller = "", exten = "", verdict = null;
        Integer cause = null;
        for (String line : Files.readAllLines(agiTxt, StandardCharsets.UTF_8)) {
            if (line.startsWith("# FastAGI session")) {
                if (uid != null && verdict != null) out.put(uid, new AgiVerdict(uid, channel, caller, exten, verdict, cause));
                uid = null;
                verdict = null;
                cause = null;
            } else if (line.startsWith("agi_uniqueid: ")) {
                uid = line.substring(14).trim();
            } else if (line.startsWith("agi_channel: ")) {
                channel = line.substring(13).trim();
            } else if (line.startsWith("agi_callerid: ")) {
                caller = line.substring(14).trim();
            } else if (line.startsWith("agi_extension: ")) {
                exten = line.substring(15).trim();
            } else if (line.contains("S->A  SET VARIABLE CALLGUARD_VERDICT ")) {
                verdict = line.substring(line.indexOf("CALLGUARD_VERDICT ") + 18).trim();
            } else if (line.contains("S->A  SET VARIABLE CALLGUARD_CAUSE ")) {
                cause = Integer.valueOf(line.substring(line.indexOf("CALLGUARD_CAUSE ") + 16).trim());
            }
        }
        if (uid != null && verdict != null) out.put(uid, new AgiVerdict(uid, channel, caller, exten, verdict, cause));
        return out;
    }
}
