package io.callguard.testkit.agi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channel side of one emulated AGI session: answers command lines like Asterisk 22's res_agi and keeps the
 * channel variables they set. Replies follow the real captures: {@code SET VARIABLE} → {@code 200 result=1},
 * {@code EXEC} → {@code 200 result=0}, {@code GET VARIABLE} → {@code 200 result=1 (value)} or
 * {@code 200 result=0}, {@code NOOP} → {@code 200 result=0}; after a hangup, commands that need a live channel get
 * {@code 511}; unknown commands get {@code 510}.
 */
final class EmulatedChannel {
    static final String DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine";
    static final String UNKNOWN_COMMAND = "510 Invalid or unknown command";
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

    /** res_agi's commands (first words, lower case) and whether they run on a dead channel. */
    private static final Map<String, Boolean> COMMANDS = Map.ofEntries(
            Map.entry("answer", false), Map.entry("asyncagi break", true), Map.entry("channel status", false),
            Map.entry("control stream file", false), Map.entry("database del", true),
            Map.entry("database deltree", true), Map.entry("database get", true), Map.entry("database put", true),
            Map.entry("exec", true), Map.entry("get data", false), Map.entry("get full variable", true),
            Map.entry("get option", false), Map.entry("get variable", true), Map.entry("gosub", false),
            Map.entry("hangup", false), Map.entry("noop", true), Map.entry("receive char", false),
            Map.entry("receive text", false), Map.entry("record file", false), Map.entry("say alpha", false),
            Map.entry("say date", false), Map.entry("say datetime", false), Map.entry("say digits", false),
            Map.entry("say number", false), Map.entry("say phonetic", false), Map.entry("say time", false),
            Map.entry("send image", false), Map.entry("send text", false), Map.entry("set autohangup", false),
            Map.entry("set callerid", false), Map.entry("set context", false), Map.entry("set extension", false),
            Map.entry("set music", false), Map.entry("set priority", false), Map.entry("set variable", true),
            Map.entry("stream file", false), Map.entry("tdd mode", false), Map.entry("verbose", true),
            Map.entry("wait for digit", false));

    private final Map<String, String> variables = new LinkedHashMap<>();
    private boolean dead;

    Map<String, String> variables() { return variables; }

    boolean dead() { return dead; }

    void hangUp() { dead = true; }

    /** The reply line (without LF) Asterisk 22 would write for {@code line}. */
    String answer(String line) {
        List<String> args = AgiArguments.parse(line);
        String command = commandOf(args);
        if (command == null) return UNKNOWN_COMMAND;
        if (dead && !COMMANDS.get(command)) return DEAD_CHANNEL;
        return switch (command) {
            case "set variable" -> {
                if (args.size() < 4) yield usage(line);
                variables.put(args.get(2), args.get(3));
                yield "200 result=1";
            }
            case "get variable" -> {
                if (args.size() < 3) yield usage(line);
                String v = variables.get(args.get(2));
                yield v == null ? "200 result=0" : "200 result=1 (" + v + ")";
            }
            case "get full variable" -> args.size() >= 4 ? "200 result=1 (" + expand(args.get(3)) + ")" : usage(line);
            case "exec" -> {
                if (args.size() < 2) yield usage(line);
                exec(args.get(1), args.size() > 2 ? args.get(2) : "");
                yield "200 result=0";
            }
            case "hangup" -> {
                dead = true;
                yield "200 result=1";
            }
            case "verbose" -> "200 result=1";
            case "channel status" -> "200 result=4";
            case "stream file", "control stream file" -> "200 result=0 endpos=0";
            default -> "200 result=0";
        };
    }

    /** The multi-line 520 reply, every line ended by LF. */
    static String usage(String line) {
        return "520-Invalid command syntax.  Proper usage follows:\n"
                + "Usage: " + line.replace('\n', ' ') + "\n"
                + "520 End of proper usage.";
    }

    private void exec(String application, String options) {
        String app = application.toLowerCase(Locale.ROOT);
        if (app.equals("mset")) {
            for (String assignment : options.split(",")) assign(assignment);
        } else if (app.equals("set")) {
            assign(options);
        }
    }

    private void assign(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq > 0) variables.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
    }

    private String expand(String expression) {
        Matcher m = VARIABLE_REFERENCE.matcher(expression);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
        return m.appendTail(b).toString();
    }

    private static String commandOf(List<String> args) {
        // res_agi matches the longest command whose words all match, case-insensitively
        for (int words = Math.min(3, args.size()); words > 0; words--) {
            String candidate = String.join(" ", args.subList(0, words)).toLowerCase(Locale.ROOT);
            if (COMMANDS.containsKey(candidate)) return candidate;
        }
        return null;
    }
}
