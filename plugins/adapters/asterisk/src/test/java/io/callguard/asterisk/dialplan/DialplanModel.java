package io.callguard.asterisk.dialplan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small model of Asterisk's dialplan for {@link ShippedDialplanTest}: .conf parsing, extension pattern matching,
 * and an interpreter that walks an extension the way Asterisk would for a canned callguard answer.
 */
final class DialplanModel {
    private DialplanModel() { }

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

        boolean hasExtension(String context, String number) {
            return steps(context).stream().anyMatch(s -> s.exten.equals(number)
                    || s.exten.startsWith("_") && Patterns.matches(s.exten.substring(1), number));
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
     * Returns what the caller experiences: AGI, Progress, Playback, Read, Dial, Answer and Hangup calls with their
     * arguments substituted. Dial "returns" (as when the callee does not answer) so that what follows is seen too.
     * Applications it does not know fail the test, so the dialplan cannot drift past what is checked here.
     *
     * <p>Playback and Read answer an unanswered channel unless told not to, as in Asterisk 22 (app_playback.c:
     * option {@code noanswer}; app_read.c: option {@code n}, or {@code s} which skips instead): the trace then shows
     * the implicit {@code Answer()} before them. Read gets the caller's {@code keys} (empty: none pressed, TIMEOUT);
     * a key in the terminator set ({@code #} unless option {@code t}) ends it with an empty value.
     */
    static final class Interpreter {
        /**
         * The AGI answer of a FastAGI server that accepts the connection and never answers nor closes (a frozen
         * callguard). Asterisk 22 (res_agi.c run_agi, main/channel.c ast_waitfor_nandfds, main/pbx.c __ast_pbx_run),
         * as checked on a real Asterisk 22.10.1:
         * <ul>
         *   <li>without TIMEOUT(absolute), AGI() waits for ever;</li>
         *   <li>when TIMEOUT(absolute) expires, the channel gets a TIMEOUT soft hangup and AGI() writes HANGUP to the
         *       server; with AGIEXITONHANGUP true it then returns -1 with AGISTATUS=HANGUP, without it AGI() goes on
         *       waiting in dead mode for the server to close (for ever again);</li>
         *   <li>after that -1, the PBX clears the TIMEOUT soft hangup and the timeout and goes to extension T,
         *       priority 1, of the same context with a live channel, ${EXTEN} being "T"; without a T extension the
         *       call ends.</li>
         * </ul>
         */
        static final Map<String, String> FROZEN = Map.of("[agi]", "accepts, never answers");
        private static final Set<String> TRACED = Set.of("AGI", "Progress", "Playback", "Read", "Dial", "Answer", "Hangup");
        private List<Step> steps;
        private String exten;
        private final Function<String, List<Step>> extensions;
        private final Map<String, String> vars;
        private final Map<String, String> agiAnswer;
        private final Map<String, String> globals;
        private final String keys;
        private final List<String> trace = new ArrayList<>();
        private boolean answered;
        /** TIMEOUT(absolute) armed on the channel, seconds from its Set (0: none). */
        private double absoluteTimeout;
        private double agiSeconds;

        /**
         * @param globals the [globals] of extensions.conf
         * @param keys    DTMF the caller presses during a Read prompt ("" for none)
         */
        Interpreter(List<Step> steps, String exten, Map<String, String> channelVars, Map<String, String> agiAnswer,
                    Map<String, String> globals, String keys) {
            this(number -> null, steps, exten, channelVars, agiAnswer, globals, keys);
        }

        /** As above, with the whole context: Goto to another extension and the T extension work. */
        Interpreter(Config config, String context, String exten, Map<String, String> channelVars,
                    Map<String, String> agiAnswer, Map<String, String> globals, String keys) {
            this(number -> config.hasExtension(context, number) ? config.extension(context, number) : null,
                    config.extension(context, exten), exten, channelVars, agiAnswer, globals, keys);
        }

        private Interpreter(Function<String, List<Step>> extensions, List<Step> steps, String exten,
                            Map<String, String> channelVars, Map<String, String> agiAnswer, Map<String, String> globals,
                            String keys) {
            this.extensions = extensions;
            this.steps = steps;
            this.exten = exten;
            this.vars = new HashMap<>(channelVars);
            this.agiAnswer = agiAnswer;
            this.globals = globals;
            this.keys = keys;
        }

        /** Seconds the channel spent in AGI() with a {@link #FROZEN} server (0 otherwise). */
        double agiSeconds() { return agiSeconds; }

        /** The channel variables after the run. */
        Map<String, String> variables() { return Map.copyOf(vars); }

        List<String> run() {
            int pc = 0;
            for (int executed = 0; pc < steps.size(); executed++) {
                if (executed > 200) throw new AssertionError("dialplan loops: " + trace);
                Step step = steps.get(pc++);
                String data = substitute(step.args);
                if (!answered && answersFirst(step.app, data)) {
                    trace.add("Answer()");
                    answered = true;
                }
                if (TRACED.contains(step.app)) {
                    // An absolute timeout still armed would cut this step (a prompt, the call itself) when it expires.
                    String armed = absoluteTimeout > 0 && !step.app.equals("AGI")
                            ? " [cut by TIMEOUT(absolute)=" + absoluteTimeout + "]" : "";
                    trace.add(step.app + "(" + data + ")" + armed);
                }
                switch (step.app) {
                    case "NoOp", "Verbose", "Progress", "Playback", "Dial" -> { }
                    case "Answer" -> answered = true;
                    case "Read" -> read(data);
                    case "Hangup" -> { return trace; }
                    case "AGI" -> {
                        if (agiAnswer == FROZEN) {
                            if (absoluteTimeout <= 0) throw new CallHeldForever("AGI() has no timeout of its own: " + trace);
                            if (!isTrue(vars.get("AGIEXITONHANGUP"))) {
                                throw new CallHeldForever("TIMEOUT(absolute) expired, but without AGIEXITONHANGUP AGI() "
                                        + "keeps waiting for the server to close: " + trace);
                            }
                            agiSeconds += absoluteTimeout;
                            vars.put("AGISTATUS", "HANGUP");
                            // AGI() returned -1 on a TIMEOUT soft hangup: the PBX goes to T, or the call ends.
                            absoluteTimeout = 0;
                            List<Step> t = extensions.apply("T");
                            if (t == null) return trace;
                            steps = t;
                            exten = "T";
                            pc = 0;
                            continue;
                        }
                        vars.putAll(agiAnswer);
                        if ("HANGUP".equals(agiAnswer.get("AGISTATUS"))) return trace;
                    }
                    case "Set", "MSet", "ExecIf" -> execute(step.app, data);
                    case "Goto" -> pc = jump(data);
                    case "GotoIf" -> {
                        String[] condAndTargets = data.split("\\?", 2);
                        String[] targets = condAndTargets[1].split(":", 2);
                        String target = truthy(condAndTargets[0]) ? targets[0] : (targets.length > 1 ? targets[1] : "");
                        if (!target.isEmpty()) pc = jump(target);
                    }
                    default -> throw new AssertionError("the test interpreter does not know " + step.call());
                }
            }
            return trace;
        }

        /** Whether Asterisk answers the channel before running this application on an unanswered channel. */
        private static boolean answersFirst(String app, String data) {
            String[] a = data.split(",", -1);
            return switch (app) {
                case "Playback" -> a.length < 2 || !a[1].contains("noanswer");
                case "Read" -> a.length < 4 || !(a[3].contains("n") || a[3].contains("s"));
                case "Background", "ControlPlayback", "Record", "SayDigits", "WaitExten" ->
                        throw new AssertionError(app + " is not modelled: say how it answers before using it");
                default -> false;
            };
        }

        /** Read(variable,filenames,maxdigits,options,attempts,timeout): the prompt is cut by the first key. */
        private void read(String data) {
            String[] a = data.split(",", -1);
            String options = a.length > 3 ? a[3] : "";
            if (options.contains("t")) throw new AssertionError("Read's t() option is not modelled: " + data);
            int maxDigits = a.length > 2 && !a[2].isEmpty() ? Integer.parseInt(a[2]) : 255;
            if (keys.isEmpty()) {
                vars.put(a[0], "");
                vars.put("READSTATUS", "TIMEOUT");
                return;
            }
            StringBuilder digits = new StringBuilder();
            for (char k : keys.toCharArray()) {
                if (k == '#' || digits.length() >= maxDigits) break;
                digits.append(k);
            }
            vars.put(a[0], digits.toString());
            vars.put("READSTATUS", "OK");
        }

        private void execute(String app, String data) {
            switch (app) {
                case "Set" -> {
                    String[] kv = data.split("=", 2);
                    if (kv[0].equals("TIMEOUT(absolute)")) absoluteTimeout = seconds(kv[1]);
                    else if (kv[0].contains("(")) throw new AssertionError("dialplan function not modelled: " + kv[0]);
                    else vars.put(kv[0], kv[1]);
                }
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

        /**
         * func_timeout.c: sscanf("%ld%lf"); nothing, a negative number or no number at all clears the timeout.
         * "2.5" gives 2 s + 0.5 s.
         */
        private static double seconds(String value) {
            Matcher m = Pattern.compile("\\s*([+-]?\\d+)(\\.\\d*)?.*").matcher(value);
            if (!m.matches()) return 0;
            long whole = Long.parseLong(m.group(1));
            if (whole < 0) return 0;
            return whole + (m.group(2) == null || m.group(2).length() < 2 ? 0 : Double.parseDouble("0" + m.group(2)));
        }

        /** ast_true(): yes, true, y, t, 1, on (any case). */
        private static boolean isTrue(String value) {
            return value != null && Set.of("yes", "true", "y", "t", "1", "on").contains(value.trim().toLowerCase());
        }

        /** Goto's target: "label" in this extension, or "exten,label" in another extension of the context. */
        private int jump(String target) {
            String[] parts = target.split(",");
            if (parts.length == 1) return labelIndex(parts[0]);
            if (parts.length > 2) throw new AssertionError("Goto to another context is not modelled: " + target);
            List<Step> other = extensions.apply(parts[0]);
            if (other == null) throw new AssertionError("Goto to a missing extension: " + target);
            steps = other;
            exten = parts[0];
            return labelIndex(parts[1]);
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

    /** A channel that would wait in AGI() for as long as the FastAGI server stays silent. */
    static final class CallHeldForever extends AssertionError {
        CallHeldForever(String message) { super("the call is held in AGI() for ever: " + message); }
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
