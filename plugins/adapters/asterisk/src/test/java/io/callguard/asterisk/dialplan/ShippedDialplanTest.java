package io.callguard.asterisk.dialplan;

import io.callguard.asterisk.fastagi.DecisionVariables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callguard.asterisk.dialplan.DialplanModel.CallHeldForever;
import io.callguard.asterisk.dialplan.DialplanModel.Config;
import io.callguard.asterisk.dialplan.DialplanModel.Interpreter;
import io.callguard.asterisk.dialplan.DialplanModel.Step;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the shipped dialplan ({@code agi-scripts/callguard.conf}) and the example Asterisk configuration
 * ({@code config-examples/asterisk/}) to the decision contract: the files are parsed into contexts of
 * (exten, priority, label, app, args), and a small interpreter walks them the way Asterisk would for a
 * given callguard answer, so each test reads as "callguard says X → the caller gets Y".
 */
class ShippedDialplanTest {
    private static final String OUT = "callguard-outbound";
    private static final String IN = "callguard-inbound";

    private static Config dialplan;
    private static Config extensionsConf;
    private static Map<String, String> globals;

    @BeforeAll
    static void load() throws IOException {
        dialplan = Config.parse(read("agi-scripts/callguard.conf"));
        extensionsConf = Config.parse(read("config-examples/asterisk/extensions.conf"));
        globals = extensionsConf.keyValues("globals");
    }

    // ---------------------------------------------------------------- emergency (R6)

    @Test
    void emergencyDialsComeBeforeTheFirstAgiLineOfTheOutboundContext() {
        List<Step> steps = dialplan.steps(OUT);
        int firstAgi = indexOf(steps, s -> s.app().equals("AGI"));
        int lastEmergencyDial = -1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.app().equals("Dial") && FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS.contains(s.exten())) lastEmergencyDial = i;
        }
        assertThat(firstAgi).as("an AGI line in " + OUT).isGreaterThanOrEqualTo(0);
        assertThat(lastEmergencyDial).as("emergency Dial lines").isGreaterThanOrEqualTo(0).isLessThan(firstAgi);
    }

    @Test
    void everyDefaultEmergencyNumberIsDialledWithoutAgiEvenWhenCallguardIsDownAndFailClosed() {
        for (String number : FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS) {
            List<String> down = run(OUT, number, Map.of("CALLGUARD_FAIL_MODE", "closed"), unreachable());
            List<String> denying = run(OUT, number, Map.of(), answers("CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "34"));
            for (List<String> trace : List.of(down, denying)) {
                assertThat(trace).as(number).containsExactly("Dial(PJSIP/" + number + "@carrier)", "Hangup()");
            }
        }
    }

    @Test
    void numbersCloseToEmergencyNumbersStillAskCallguard() {
        for (String number : List.of("19", "113", "116117", "1500", "0612345678", "+33612345678")) {
            assertThat(run(OUT, number, Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_MAX_SECONDS", "60")))
                    .as(number).first().isEqualTo("AGI(agi://127.0.0.1:4573/outbound," + number + ")");
        }
    }

    @Test
    void anEmergencyAllowanceFromCallguardDialsWithoutDurationLimit() {
        // 3624 is not in the static list: only callguard (with a custom list) knows it is an emergency number.
        assertThat(run(OUT, "3624", Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_REASON", "EMERGENCY")))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,3624)", "Dial(PJSIP/3624@carrier)", "Hangup()");
    }

    // ---------------------------------------------------------------- outbound decisions

    @Test
    void allowAppliesMaxSecondsInMillisecondsThroughDialsLOption() {
        assertThat(run(OUT, "0612345678", Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_MAX_SECONDS", "5")))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)",
                        "Dial(PJSIP/0612345678@carrier,,L(5000))", "Hangup()");
    }

    @Test
    void anAllowanceWithoutLimitThatIsNoEmergencyGetsTheDefaultLimit() {
        assertThat(run(OUT, "0612345678", Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_REASON", "DEADLINE")))
                .contains("Dial(PJSIP/0612345678@carrier,,L(7200000))");
    }

    @Test
    void denyPlaysThePromptAsEarlyMediaThenHangsUpWithTheCause() {
        assertThat(run(OUT, "0899123456", Map.of(), answers("CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "34",
                "CALLGUARD_PROMPT", "callguard/trunk-full")))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0899123456)", "Progress()",
                        "Playback(callguard/trunk-full,noanswer)", "Hangup(34)");
        assertThat(dialplan.steps(OUT)).extracting(Step::call)
                .contains("Playback(${CALLGUARD_PROMPT},noanswer)", "Hangup(${CALLGUARD_CAUSE})");
    }

    @Test
    void denyWithoutPromptHangsUpAtOnceAndWithoutCauseSaysRejected() {
        assertThat(run(OUT, "0612345678", Map.of(), answers("CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "21")))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)", "Hangup(21)");
        assertThat(run(OUT, "0612345678", Map.of(), answers("CALLGUARD_VERDICT", "DENY")))
                .last().isEqualTo("Hangup(21)");
    }

    // ---------------------------------------------------------------- outbound failure branch

    @Test
    void unreachableCallguardFailsOpenWithTheDefaultDurationLimit() {
        assertThat(run(OUT, "0612345678", Map.of(), unreachable()))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)",
                        "Dial(PJSIP/0612345678@carrier,,L(7200000))", "Hangup()");
    }

    @Test
    void failClosedRefusesWithCause34WhenCallguardIsUnreachableOrGivesNoVerdict() {
        Map<String, String> closed = Map.of("CALLGUARD_FAIL_MODE", "closed");
        for (Map<String, String> answer : List.of(unreachable(), answers(), answers("CALLGUARD_VERDICT", "MAYBE"))) {
            assertThat(run(OUT, "0612345678", closed, answer)).as(answer.toString())
                    .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)", "Hangup(34)");
        }
    }

    @Test
    void aServerThatClosesWithoutAVerdictFollowsTheFailOpenBranch() {
        assertThat(run(OUT, "0612345678", Map.of(), answers()))
                .contains("Dial(PJSIP/0612345678@carrier,,L(7200000))");
    }

    @Test
    void callerHangingUpDuringAgiEndsTheDialplan() {
        assertThat(run(OUT, "0612345678", Map.of(), Map.of("AGISTATUS", "HANGUP")))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)");
    }

    @Test
    void staleDecisionVariablesDoNotLeakIntoTheNextDecision() {
        Map<String, String> stale = Map.of("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_MAX_SECONDS", "60",
                "CALLGUARD_REASON", "EMERGENCY", "CALLGUARD_PROMPT", "old-prompt");
        assertThat(run(OUT, "0612345678", stale, answers()))
                .contains("Dial(PJSIP/0612345678@carrier,,L(7200000))");
        assertThat(run(OUT, "0612345678", stale, answers("CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "21")))
                .containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)", "Hangup(21)");
    }

    // ---------------------------------------------------------------- a stalled callguard (accepts, never answers)

    @Test
    void aFrozenCallguardIsLeftWhenTheAgiBoundExpiresAndTheOutboundCallFailsOpen() {
        Interpreter call = interpreter(OUT, "0612345678", Map.of(), Interpreter.FROZEN, "");
        assertThat(call.run()).containsExactly("AGI(agi://127.0.0.1:4573/outbound,0612345678)",
                "Dial(PJSIP/0612345678@carrier,,L(7200000))", "Hangup()");
        assertThat(call.agiSeconds()).isEqualTo(agiBoundSeconds());
        assertThat(call.variables()).containsEntry("AGISTATUS", "HANGUP").containsEntry("CALLGUARD_REASON", "FAIL_OPEN");
    }

    @Test
    void aFrozenCallguardWithFailModeClosedRefusesTheOutboundCallWithCause34() {
        Interpreter call = interpreter(OUT, "+33612345678", Map.of("CALLGUARD_FAIL_MODE", "closed"), Interpreter.FROZEN, "");
        assertThat(call.run()).containsExactly("AGI(agi://127.0.0.1:4573/outbound,+33612345678)", "Hangup(34)");
        assertThat(call.agiSeconds()).isEqualTo(agiBoundSeconds());
        assertThat(call.variables()).containsEntry("CALLGUARD_REASON", "FAIL_CLOSED");
    }

    @Test
    void aFrozenCallguardOnAnInboundCallFailsOpenEvenWhenOutboundFailsClosed() {
        Interpreter call = interpreter(IN, "0899123456", Map.of("CALLGUARD_FAIL_MODE", "closed"), Interpreter.FROZEN, "");
        assertThat(call.run()).containsExactly("AGI(agi://127.0.0.1:4573/inbound,0899123456)",
                "Dial(PJSIP/0899123456@trunk-a,,L(7200000))", "Hangup()");
        assertThat(call.agiSeconds()).isEqualTo(agiBoundSeconds());
    }

    @Test
    void theAgiBoundIsAGlobalOfAFewSecondsWellAboveTheDecisionDeadlineAndTheConnectTimeout() {
        double deadline = FastAgiOptions.defaults().decisionDeadline().toMillis() / 1000.0;
        // Asterisk gives up connecting after 2 s (MAX_AGI_CONNECT): the bound must not cut that case short either.
        assertThat(agiBoundSeconds()).isGreaterThanOrEqualTo(Math.max(2.0, 4 * deadline)).isLessThanOrEqualTo(5.0);
        for (String context : List.of(OUT, IN)) {
            assertThat(dialplan.steps(context)).extracting(Step::call).as(context)
                    .containsSubsequence("Set(AGIEXITONHANGUP=yes)", "Set(TIMEOUT(absolute)=${CALLGUARD_AGI_TIMEOUT})",
                            "AGI(${CALLGUARD_AGI}/" + (context.equals(OUT) ? "outbound" : "inbound") + ",${EXTEN})",
                            "Set(TIMEOUT(absolute)=0)");
        }
    }

    @Test
    void aVerdictThatLandsJustBeforeTheBoundExpiresStillApplies() {
        // The timeout expires after AGI() returned with a verdict but before it was cleared: Asterisk goes to T
        // with AGISTATUS=SUCCESS and the verdict set.
        Map<String, String> landed = Map.of("CALLGUARD_NUMBER", "0612345678", "AGISTATUS", "SUCCESS",
                "CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "17");
        assertThat(interpreter(OUT, "T", landed, answers(), "").run()).containsExactly("Hangup(17)");
    }

    @Test
    void theModelHoldsTheCallInAgiWithoutATimeoutOrWithoutAgiExitOnHangup() {
        // Pins the model the tests above rely on (what the real Asterisk 22 did with a server that never answers).
        Step agi = new Step("_X.", 3, null, "AGI", "agi://127.0.0.1:1/outbound");
        Step dial = new Step("_X.", 4, null, "Dial", "PJSIP/1@carrier");
        Step armed = new Step("_X.", 2, null, "Set", "TIMEOUT(absolute)=2.5");
        Step exit = new Step("_X.", 1, null, "Set", "AGIEXITONHANGUP=yes");
        assertThatThrownBy(() -> new Interpreter(List.of(exit, agi, dial), "1", Map.of(), Interpreter.FROZEN, globals, "").run())
                .isInstanceOf(CallHeldForever.class).hasMessageContaining("no timeout");
        assertThatThrownBy(() -> new Interpreter(List.of(armed, agi, dial), "1", Map.of(), Interpreter.FROZEN, globals, "").run())
                .isInstanceOf(CallHeldForever.class).hasMessageContaining("AGIEXITONHANGUP");
        Interpreter noT = new Interpreter(List.of(exit, armed, agi, dial), "1", Map.of(), Interpreter.FROZEN, globals, "");
        assertThat(noT.run()).as("no T extension: the call ends").containsExactly("AGI(agi://127.0.0.1:1/outbound)");
        assertThat(noT.agiSeconds()).isEqualTo(2.5);
        // A timeout left armed after the answer would cut what follows.
        assertThat(new Interpreter(List.of(armed, agi, dial), "1", Map.of(), answers(), globals, "").run())
                .containsExactly("AGI(agi://127.0.0.1:1/outbound)", "Dial(PJSIP/1@carrier) [cut by TIMEOUT(absolute)=2.5]");
    }

    // ---------------------------------------------------------------- inbound

    @Test
    void inboundCallsFailOpenEvenWhenOutboundFailsClosed() {
        Map<String, String> closed = Map.of("CALLGUARD_FAIL_MODE", "closed");
        for (Map<String, String> answer : List.of(unreachable(), answers())) {
            assertThat(run(IN, "0412345678", closed, answer)).as(answer.toString())
                    .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0412345678)",
                            "Dial(PJSIP/0412345678@trunk-a,,L(7200000))", "Hangup()");
        }
    }

    private static final String ANNOUNCEMENT = "callguard/tariff/089-080-min";
    private static final String READ_ANNOUNCEMENT = "Read(CALLGUARD_SKIP," + ANNOUNCEMENT + ",1,n,1,0.1)";

    @Test
    void inboundTariffAnnouncementPlaysAsEarlyMediaBeforeTheClientRings() {
        assertThat(run(IN, "0899123456", Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_MAX_SECONDS", "7200",
                "CALLGUARD_ANNOUNCEMENT", ANNOUNCEMENT)))
                .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0899123456)", "Progress()", READ_ANNOUNCEMENT,
                        "Dial(PJSIP/0899123456@trunk-a,,L(7200000))", "Hangup()");
    }

    @Test
    void anEmptyOrAbsentAnnouncementDialsStraightAway() {
        for (Map<String, String> answer : List.of(answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_ANNOUNCEMENT", ""),
                answers("CALLGUARD_VERDICT", "ALLOW"))) {
            assertThat(run(IN, "0800123456", Map.of(), answer)).as(answer.toString())
                    .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0800123456)",
                            "Dial(PJSIP/0800123456@trunk-a,,L(7200000))", "Hangup()");
        }
    }

    @Test
    void theAnnouncementFollowsProgressUsesItsNoAnswerOptionAndPrecedesDialWithNoAnswerBeforeItEnds() {
        List<Step> steps = dialplan.steps(IN);
        int playback = indexOf(steps, s -> s.args().contains("${CALLGUARD_ANNOUNCEMENT}") && !s.app().equals("GotoIf"));
        assertThat(playback).as("the announcement playback in " + IN).isGreaterThan(0);
        Step play = steps.get(playback);
        // Only applications that can play before answer, each with its no-answer option (Asterisk 22).
        assertThat(play.app()).isIn("Read", "Playback", "Background");
        String[] args = play.args().split(",", -1);
        switch (play.app()) {
            case "Read" -> assertThat(args).as(play.call()).hasSizeGreaterThan(3)
                    .satisfies(a -> assertThat(a[3]).contains("n").doesNotContain("s"));
            case "Playback" -> assertThat(play.args()).contains("noanswer");
            default -> assertThat(args).as(play.call()).hasSizeGreaterThan(1).satisfies(a -> assertThat(a[1]).contains("n"));
        }
        assertThat(steps.get(playback - 1).call()).as("the step before the announcement").isEqualTo("Progress()");
        int dial = indexOf(steps, s -> s.app().equals("Dial"));
        assertThat(dial).as("Dial after the announcement").isGreaterThan(playback);
        assertThat(steps.subList(0, dial)).noneMatch(s -> s.app().equalsIgnoreCase("Answer"));
    }

    @Test
    void pressingHashOrAnyKeyCutsTheAnnouncementShortAndStillDialsWithoutAnswering() {
        Map<String, String> allow = answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_ANNOUNCEMENT", ANNOUNCEMENT);
        for (String keys : List.of("", "#", "5", "12#")) {
            List<String> trace = run(IN, "0899123456", Map.of(), allow, keys);
            assertThat(trace).as("keys '" + keys + "'").containsExactly("AGI(agi://127.0.0.1:4573/inbound,0899123456)",
                    "Progress()", READ_ANNOUNCEMENT, "Dial(PJSIP/0899123456@trunk-a,,L(7200000))", "Hangup()");
        }
    }

    @Test
    void theInterpreterShowsTheAnswerThatAPlaybackWithoutItsNoAnswerOptionWouldCause() {
        // Pins the model the two tests above rely on: Asterisk answers before Read without n, Playback without noanswer.
        List<Step> steps = List.of(new Step("_X.", 1, null, "Progress", ""),
                new Step("_X.", 2, null, "Read", "V,callguard/tariff/089-080-min,1,,1,0.1"),
                new Step("_X.", 3, null, "Playback", "callguard/trunk-full"),
                new Step("_X.", 4, null, "Hangup", ""));
        assertThat(new Interpreter(steps, "0899123456", Map.of(), Map.of(), globals, "").run())
                .containsExactly("Progress()", "Answer()", "Read(V,callguard/tariff/089-080-min,1,,1,0.1)",
                        "Playback(callguard/trunk-full)", "Hangup()");
    }

    @Test
    void inboundDenyPlaysThePromptThenHangsUpWithTheCause() {
        assertThat(run(IN, "0412345678", Map.of(), answers("CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "17",
                "CALLGUARD_PROMPT", "callguard/trunk-full")))
                .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0412345678)", "Progress()",
                        "Playback(callguard/trunk-full,noanswer)", "Hangup(17)");
        assertThat(dialplan.steps(IN)).extracting(Step::call)
                .contains("Playback(${CALLGUARD_PROMPT},noanswer)", "Hangup(${CALLGUARD_CAUSE})");
    }

    // ---------------------------------------------------------------- static properties

    @Test
    void noCallguardContextEverAnswersTheCaller() {
        for (String context : List.of(OUT, IN)) {
            assertThat(dialplan.steps(context)).as(context).isNotEmpty()
                    .noneMatch(s -> s.app().equalsIgnoreCase("Answer"));
        }
    }

    @Test
    void extensionsConfIncludesCallguardConfAndDefinesEveryGlobalItReads() {
        assertThat(extensionsConf.includes).contains("callguard.conf");
        Set<String> perCall = Set.of(DecisionVariables.VERDICT, DecisionVariables.REASON, DecisionVariables.CAUSE, DecisionVariables.PROMPT,
                DecisionVariables.MAX_SECONDS, DecisionVariables.ANNOUNCEMENT, "CALLGUARD_NUMBER");
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(CALLGUARD_[A-Z_]+)}").matcher(String.join("\n", dialplan.rawLines));
        while (m.find()) if (!perCall.contains(m.group(1))) read.add(m.group(1));
        assertThat(read).contains("CALLGUARD_AGI", "CALLGUARD_FAIL_MODE", "CALLGUARD_DEFAULT_MAX_SECONDS", "CALLGUARD_AGI_TIMEOUT");
        assertThat(globals.keySet()).containsAll(read);
        assertThat(globals).containsEntry("CALLGUARD_FAIL_MODE", "open").containsEntry("CALLGUARD_DEFAULT_MAX_SECONDS", "7200");
        assertThat(globals.get("CALLGUARD_AGI")).startsWith("agi://").endsWith(":" + FastAgiOptions.defaults().port());
    }

    @Test
    void rtpConfUsesExactlyTheContractRange() throws IOException {
        Map<String, String> general = Config.parse(read("config-examples/asterisk/rtp.conf")).keyValues("general");
        assertThat(general).containsEntry("rtpstart", "16384").containsEntry("rtpend", "16482");
    }

    @Test
    void pjsipClientTrunksCarryAnAccountcodeAndTheCarrierEntersTheInboundContext() throws IOException {
        Config pjsip = Config.parse(read("config-examples/asterisk/pjsip.conf"));
        List<Map<String, String>> clients = pjsip.sectionsWhere("context", OUT);
        assertThat(clients).isNotEmpty().allSatisfy(e -> {
            assertThat(e).containsEntry("type", "endpoint");
            assertThat(e.get("accountcode")).as("accountcode of a client trunk").isNotBlank();
        });
        assertThat(pjsip.sectionsWhere("context", IN)).singleElement().satisfies(e -> assertThat(e).containsEntry("type", "endpoint"));
        assertThat(pjsip.sectionsWhere("protocol", "udp")).singleElement()
                .satisfies(t -> assertThat(t.get("bind")).endsWith(":5060"));
        Set<String> endpoints = new TreeSet<>();
        for (Map<String, String> e : pjsip.sectionsWhere("type", "endpoint")) endpoints.add(e.get("[name]"));
        assertThat(endpoints).contains(globals.get("CALLGUARD_CARRIER_ENDPOINT"), globals.get("CALLGUARD_EMERGENCY_ENDPOINT"),
                globals.get("CALLGUARD_CLIENT_ENDPOINT"));
    }

    // ================================================================ helpers

    private static Map<String, String> unreachable() { return Map.of("AGISTATUS", "FAILURE"); }

    /** callguard's variables as set over FastAGI; the session then ends normally. */
    private static Map<String, String> answers(String... keyValues) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) vars.put(keyValues[i], keyValues[i + 1]);
        vars.put("AGISTATUS", "SUCCESS");
        return vars;
    }

    private static List<String> run(String context, String number, Map<String, String> channelVars, Map<String, String> agi) {
        return run(context, number, channelVars, agi, "");
    }

    /** As {@link #run(String, String, Map, Map)}, the caller pressing {@code keys} during a Read prompt. */
    private static List<String> run(String context, String number, Map<String, String> channelVars, Map<String, String> agi,
                                    String keys) {
        return interpreter(context, number, channelVars, agi, keys).run();
    }

    private static Interpreter interpreter(String context, String number, Map<String, String> channelVars,
                                           Map<String, String> agi, String keys) {
        return new Interpreter(dialplan, context, number, channelVars, agi, globals, keys);
    }

    /** CALLGUARD_AGI_TIMEOUT of the example [globals], in seconds. */
    private static double agiBoundSeconds() { return Double.parseDouble(globals.get("CALLGUARD_AGI_TIMEOUT")); }

    private static int indexOf(List<Step> steps, java.util.function.Predicate<Step> p) {
        for (int i = 0; i < steps.size(); i++) if (p.test(steps.get(i))) return i;
        return -1;
    }

    private static List<String> read(String relative) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("agi-scripts"))) dir = dir.getParent();
        if (dir == null) throw new IOException("no agi-scripts/ above " + Path.of("").toAbsolutePath());
        return Files.readAllLines(dir.resolve(relative), StandardCharsets.UTF_8);
    }
}
