package io.callguard.asterisk.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
        int firstAgi = indexOf(steps, s -> s.app.equals("AGI"));
        int lastEmergencyDial = -1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.app.equals("Dial") && FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS.contains(s.exten)) lastEmergencyDial = i;
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

    @Test
    void inboundTariffAnnouncementPlaysAsEarlyMediaBeforeTheClientRings() {
        assertThat(run(IN, "0899123456", Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_MAX_SECONDS", "7200",
                "CALLGUARD_ANNOUNCEMENT", "callguard/tariff-089")))
                .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0899123456)", "Progress()",
                        "Playback(callguard/tariff-089,noanswer)", "Dial(PJSIP/0899123456@trunk-a,,L(7200000))", "Hangup()");
        assertThat(run(IN, "0412345678", Map.of(), answers("CALLGUARD_VERDICT", "ALLOW", "CALLGUARD_ANNOUNCEMENT", "")))
                .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0412345678)",
                        "Dial(PJSIP/0412345678@trunk-a,,L(7200000))", "Hangup()");
    }

    @Test
    void inboundDenyPlaysThePromptThenHangsUpWithTheCause() {
        assertThat(run(IN, "0412345678", Map.of(), answers("CALLGUARD_VERDICT", "DENY", "CALLGUARD_CAUSE", "17",
                "CALLGUARD_PROMPT", "callguard/trunk-full")))
                .containsExactly("AGI(agi://127.0.0.1:4573/inbound,0412345678)", "Progress()",
                        "Playback(callguard/trunk-full,noanswer)", "Hangup(17)");
    }

    // ---------------------------------------------------------------- static properties

    @Test
    void noCallguardContextEverAnswersTheCaller() {
        for (String context : List.of(OUT, IN)) {
            assertThat(dialplan.steps(context)).as(context).isNotEmpty()
                    .noneMatch(s -> s.app.equalsIgnoreCase("Answer"));
        }
    }

    @Test
    void extensionsConfIncludesCallguardConfAndDefinesEveryGlobalItReads() {
        assertThat(extensionsConf.includes).contains("callguard.conf");
        Set<String> perCall = Set.of(Decision.VERDICT, Decision.REASON, Decision.CAUSE, Decision.PROMPT,
                Decision.MAX_SECONDS, Decision.ANNOUNCEMENT);
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(CALLGUARD_[A-Z_]+)}").matcher(String.join("\n", dialplan.rawLines));
        while (m.find()) if (!perCall.contains(m.group(1))) read.add(m.group(1));
        assertThat(read).contains("CALLGUARD_AGI", "CALLGUARD_FAIL_MODE", "CALLGUARD_DEFAULT_MAX_SECONDS");
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
        return new Interpreter(dialplan.extension(context, number), number, channelVars, agi).run();
    }

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

    /** One dialplan priority: {@code exten => 15,1,Dial(...)} or {@code same => n(label),App(args)}. */
    record Step(String exten, int priority, String label, String app, String args) {
        String call() { return app + "(" + args + ")"; }
    }

    /** An Asterisk .conf file: sections in order, {@code #include}s, and dialplan steps per context. */
    static final class Config {
        final List<String> rawLines;
        final List<String> includes = new ArrayList<>();
        final List<Map<String, String>> sections = new ArrayList<>();
        final Map<String, List<Step>> contexts = new LinkedHashMap<>();

        private Config(List<String> rawLines) { this.rawLines = rawLines; }

        static Config parse(List<String> lines) {
            Config c = new Config(lines);
            Map<String, String> section = null;
            List<Step> steps = null;
            String exten = null;
            int priority = 0;
            for (String raw : lines) {
                String line = raw.startsWith("#") ? raw.trim() : raw.replaceFirst(";.*", "").trim();
                if (line.isEmpty()) continue;
                if (line.startsWith("#include")) {
                    c.includes.add(line.substring("#include".length()).trim().replaceAll("^[\"<]|[\">]$", ""));
                } else if (line.startsWith("[")) {
                    String name = line.substring(1, line.indexOf(']'));
                    section = new LinkedHashMap<>();
                    section.put("[name]", name);
                    c.sections.add(section);
                    steps = c.contexts.computeIfAbsent(name, k -> new ArrayList<>());
                } else {
                    int eq = line.indexOf('=');
                    String key = line.substring(0, eq).trim();
                    String value = line.substring(eq + 1).replaceFirst("^>", "").trim();
                    section.put(key, value);
                    if (key.equals("exten") || key.equals("same")) {
                        List<String> parts = new ArrayList<>(List.of(value.split(",", key.equals("exten") ? 3 : 2)));
                        if (key.equals("exten")) {
                            String newExten = parts.remove(0);
                            if (!newExten.equals(exten)) priority = 0;
                            exten = newExten;
                        }
                        Matcher p = Pattern.compile("(\\d+|n)(?:\\((\\w+)\\))?").matcher(parts.get(0));
                        if (!p.matches()) throw new IllegalArgumentException("priority of: " + raw);
                        priority = p.group(1).equals("n") ? priority + 1 : Integer.parseInt(p.group(1));
                        String call = parts.get(1);
                        int open = call.indexOf('(');
                        String app = open < 0 ? call : call.substring(0, open);
                        String args = open < 0 ? "" : call.substring(open + 1, call.lastIndexOf(')'));
                        steps.add(new Step(exten, priority, p.group(2), app.trim(), args));
                    }
                }
            }
            return c;
        }

        Map<String, String> keyValues(String sectionName) {
            return sections.stream().filter(s -> s.get("[name]").equals(sectionName)).findFirst()
                    .orElseThrow(() -> new AssertionError("no [" + sectionName + "]"));
        }

        List<Map<String, String>> sectionsWhere(String key, String value) {
            return sections.stream().filter(s -> value.equals(s.get(key))).toList();
        }

        List<Step> steps(String context) {
            List<Step> steps = contexts.get(context);
            if (steps == null) throw new AssertionError("no context [" + context + "]");
            return steps;
        }

        /** The steps of the extension Asterisk picks for a number: a literal match first, else the most specific pattern. */
        List<Step> extension(String context, String number) {
            String best = null;
            for (Step s : steps(context)) {
                if (s.exten.equals(number)) { best = number; break; }
                if (s.exten.startsWith("_") && Patterns.matches(s.exten.substring(1), number)
                        && (best == null || Patterns.compare(s.exten.substring(1), best.substring(1)) < 0)) best = s.exten;
            }
            if (best == null) throw new AssertionError(number + " matches nothing in [" + context + "]");
            String chosen = best;
            return steps(context).stream().filter(s -> s.exten.equals(chosen)).toList();
        }
    }

    /** Asterisk extension patterns: X Z N [set] . ! and literal characters ('-' outside a set is ignored). */
    static final class Patterns {
        static boolean matches(String pattern, String number) { return at(pattern, 0, number, 0); }

        private static boolean at(String p, int pi, String s, int si) {
            if (pi == p.length()) return si == s.length();
            char c = p.charAt(pi);
            if (c == '-') return at(p, pi + 1, s, si);
            if (c == '!') return true;
            if (c == '.') return si < s.length();
            if (si == s.length()) return false;
            int width = c == '[' ? p.indexOf(']', pi) - pi + 1 : 1;
            return set(p.substring(pi, pi + width)).contains(s.charAt(si)) && at(p, pi + width, s, si + 1);
        }

        /** Characters one pattern position accepts; '.' and '!' accept anything (sorted last, as Asterisk does). */
        private static Set<Character> set(String position) {
            Set<Character> chars = new TreeSet<>();
            switch (position.toUpperCase()) {
                case "X" -> addRange(chars, '0', '9');
                case "Z" -> addRange(chars, '1', '9');
                case "N" -> addRange(chars, '2', '9');
                default -> {
                    if (!position.startsWith("[")) { chars.add(position.charAt(0)); break; }
                    String body = position.substring(1, position.length() - 1);
                    for (int i = 0; i < body.length(); i++) {
                        if (i + 2 < body.length() && body.charAt(i + 1) == '-') { addRange(chars, body.charAt(i), body.charAt(i + 2)); i += 2; }
                        else chars.add(body.charAt(i));
                    }
                }
            }
            return chars;
        }

        private static void addRange(Set<Character> chars, char from, char to) { for (char c = from; c <= to; c++) chars.add(c); }

        /** Negative when pattern a is more specific than b: position by position, the smaller set wins. */
        static int compare(String a, String b) {
            List<Integer> wa = weights(a), wb = weights(b);
            for (int i = 0; i < Math.min(wa.size(), wb.size()); i++) if (!wa.get(i).equals(wb.get(i))) return wa.get(i) - wb.get(i);
            return wa.size() - wb.size();
        }

        private static List<Integer> weights(String p) {
            List<Integer> w = new ArrayList<>();
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '-') continue;
                if (c == '.' || c == '!') { w.add(c == '.' ? 1000 : 2000); continue; }
                int width = c == '[' ? p.indexOf(']', i) - i + 1 : 1;
                w.add(set(p.substring(i, i + width)).size());
                i += width - 1;
            }
            return w;
        }
    }

    /**
     * Walks one extension as Asterisk would for a channel, with AGI() replaced by a canned callguard answer.
     * Returns what the caller experiences: AGI, Progress, Playback, Dial, Answer and Hangup calls with their
     * arguments substituted. Dial "returns" (as when the callee does not answer) so that what follows is seen too.
     * Applications it does not know fail the test, so the dialplan cannot drift past what is checked here.
     */
    static final class Interpreter {
        private static final Set<String> TRACED = Set.of("AGI", "Progress", "Playback", "Dial", "Answer", "Hangup");
        private final List<Step> steps;
        private final String exten;
        private final Map<String, String> vars;
        private final Map<String, String> agiAnswer;
        private final List<String> trace = new ArrayList<>();

        Interpreter(List<Step> steps, String exten, Map<String, String> channelVars, Map<String, String> agiAnswer) {
            this.steps = steps;
            this.exten = exten;
            this.vars = new HashMap<>(channelVars);
            this.agiAnswer = agiAnswer;
        }

        List<String> run() {
            int pc = 0;
            for (int executed = 0; pc < steps.size(); executed++) {
                if (executed > 200) throw new AssertionError("dialplan loops: " + trace);
                Step step = steps.get(pc++);
                String data = substitute(step.args);
                if (TRACED.contains(step.app)) trace.add(step.app + "(" + data + ")");
                switch (step.app) {
                    case "NoOp", "Verbose", "Progress", "Playback", "Dial", "Answer" -> { }
                    case "Hangup" -> { return trace; }
                    case "AGI" -> {
                        vars.putAll(agiAnswer);
                        if ("HANGUP".equals(agiAnswer.get("AGISTATUS"))) return trace;
                    }
                    case "Set", "MSet", "ExecIf" -> execute(step.app, data);
                    case "Goto" -> pc = labelIndex(data);
                    case "GotoIf" -> {
                        String[] condAndTargets = data.split("\\?", 2);
                        String[] targets = condAndTargets[1].split(":", 2);
                        String target = truthy(condAndTargets[0]) ? targets[0] : (targets.length > 1 ? targets[1] : "");
                        if (!target.isEmpty()) pc = labelIndex(target);
                    }
                    default -> throw new AssertionError("the test interpreter does not know " + step.call());
                }
            }
            return trace;
        }

        private void execute(String app, String data) {
            switch (app) {
                case "Set" -> { String[] kv = data.split("=", 2); vars.put(kv[0], kv[1]); }
                case "MSet" -> { for (String pair : data.split(",")) execute("Set", pair); }
                case "ExecIf" -> {
                    int q = data.indexOf('?');
                    String call = data.substring(q + 1);
                    if (call.contains(":")) throw new AssertionError("ExecIf with a false branch is not modelled: " + data);
                    if (truthy(data.substring(0, q))) {
                        String inner = call.substring(0, call.indexOf('('));
                        if (!Set.of("Set", "MSet").contains(inner)) throw new AssertionError("ExecIf of " + inner + " is not modelled");
                        execute(inner, call.substring(call.indexOf('(') + 1, call.lastIndexOf(')')));
                    }
                }
                default -> throw new AssertionError(app);
            }
        }

        private int labelIndex(String label) {
            for (int i = 0; i < steps.size(); i++) if (label.equals(steps.get(i).label)) return i;
            throw new AssertionError("no label " + label + " in extension " + exten);
        }

        private static boolean truthy(String value) { return !value.isEmpty() && !value.equals("0"); }

        /** ${NAME} (channel variable, then global, EXTEN), then $[expression]; functions are not modelled. */
        private String substitute(String text) {
            Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                if (!name.matches("\\w+")) throw new AssertionError("dialplan function not modelled: " + name);
                String value = name.equals("EXTEN") ? exten : vars.containsKey(name) ? vars.get(name) : globals.getOrDefault(name, "");
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            String s = out.toString();
            for (int start; (start = s.indexOf("$[")) >= 0; ) {
                int end = s.indexOf(']', start);
                s = s.substring(0, start) + (Expression.eval(s.substring(start + 2, end)) ? "1" : "0") + s.substring(end + 1);
            }
            return s;
        }
    }

    /** Asterisk expressions as this dialplan uses them: one "a" = "b" or "a" != "b"; anything else fails the test. */
    static final class Expression {
        private static final Pattern COMPARISON = Pattern.compile("\\s*\"([^\"]*)\"\\s*(!=|=)\\s*\"([^\"]*)\"\\s*");

        static boolean eval(String expression) {
            Matcher m = COMPARISON.matcher(expression);
            if (!m.matches()) throw new AssertionError("expression not modelled: " + expression);
            return m.group(1).equals(m.group(3)) == m.group(2).equals("=");
        }
    }
}
