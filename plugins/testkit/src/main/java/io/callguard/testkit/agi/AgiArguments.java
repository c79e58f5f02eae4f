package io.callguard.testkit.agi;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an AGI command line into arguments the way Asterisk's res_agi {@code parse_args()} does: blanks
 * separate, double quotes group (and are removed), a backslash takes the next character literally.
 */
public final class AgiArguments {
    private AgiArguments() { }

    /** The arguments of one command line; empty for a blank line. */
    public static List<String> parse(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (escaped) {
                current.append(c);
                escaped = false;
                inArg = true;
            } else if (c == '\\') {
                escaped = true;
                inArg = true;
            } else if (c == '"') {
                quoted = !quoted;
                inArg = true;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (inArg) args.add(current.toString());
        return args;
    }
}
