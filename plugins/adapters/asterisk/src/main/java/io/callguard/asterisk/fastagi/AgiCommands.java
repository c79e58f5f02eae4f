package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a decision into the AGI command lines that set its channel variables. With MSet it is one command,
 * {@code EXEC MSet "K1=V1,K2=V2"}; otherwise one {@code SET VARIABLE K "V"} per variable. Values are
 * sanitised so that the wire always carries exactly the intended commands: MSet splits its argument on ',',
 * Asterisk's AGI argument parser treats '"', '\' and blanks specially, and CR/LF would end the command line.
 */
final class AgiCommands {
    private static final Logger LOG = LoggerFactory.getLogger(AgiCommands.class);

    private AgiCommands() { }

    static List<String> forDecision(Decision decision, boolean useMSet) {
        Map<String, String> vars = DecisionVariables.of(decision);
        if (useMSet) {
            StringBuilder b = new StringBuilder(24 + 40 * vars.size()).append("EXEC MSet \"");
            boolean first = true;
            for (Map.Entry<String, String> e : vars.entrySet()) {
                if (!first) b.append(',');
                first = false;
                b.append(e.getKey()).append('=').append(sanitise(e.getKey(), e.getValue()));
            }
            return List.of(b.append('"').toString());
        }
        List<String> commands = new ArrayList<>(vars.size());
        for (Map.Entry<String, String> e : vars.entrySet()) {
            commands.add("SET VARIABLE " + e.getKey() + " \"" + sanitise(e.getKey(), e.getValue()) + '"');
        }
        return commands;
    }

    /** Replaces every character that could split or end the command with '_'. */
    static String sanitise(String name, String value) {
        int bad = firstUnsafe(value);
        if (bad < 0) return value;
        char[] chars = value.toCharArray();
        for (int i = bad; i < chars.length; i++) {
            if (unsafe(chars[i])) chars[i] = '_';
        }
        String clean = new String(chars);
        LOG.debug("value of {} sanitised for the AGI wire: '{}' -> '{}'", name, LogText.of(value), clean);
        return clean;
    }

    private static int firstUnsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (unsafe(s.charAt(i))) return i;
        }
        return -1;
    }

    // '$' too: application arguments may go through Asterisk's ${...} substitution. Brackets too: MSet's
    // argument splitter ignores commas inside () and [], so one unbalanced bracket would swallow later pairs.
    private static boolean unsafe(char c) {
        return c <= ' ' || c == '"' || c == ',' || c == '\\' || c == '$' || c == 0x7f
                || c == '(' || c == ')' || c == '[' || c == ']';
    }
}
