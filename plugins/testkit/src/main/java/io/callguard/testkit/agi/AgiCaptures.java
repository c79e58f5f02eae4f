package io.callguard.testkit.agi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The FastAGI header blocks of the real Asterisk 22 captures ({@code shared/asterisk/<scenario>/agi.txt}).
 * The directory is {@code $CALLGUARD_TEST_SHARED/asterisk} (the build sets it), else the first
 * {@code shared/asterisk} found walking up from the working directory. Tests that need the captures call
 * {@code Assumptions.assumeTrue(AgiCaptures.root().isPresent(), "real Asterisk captures not found at "
 * + AgiCaptures.searched() + ": skipping replay")}.
 */
public final class AgiCaptures {
    private static final String ENV = "CALLGUARD_TEST_SHARED";
    private static final String HEADER_MARK = "# ---- header block";
    private static final String SESSION_MARK = "# FastAGI session ";

    private AgiCaptures() { }

    /** One captured session's header block, exactly as Asterisk sent it (ending with the empty line). */
    public record CapturedSession(String scenario, int session, String headerBlock) {
        public AgiEnvironment environment() { return AgiEnvironment.fromCapture(headerBlock); }

        @Override public String toString() { return scenario + "#" + session; }
    }

    /** The {@code asterisk} captures directory, when present. */
    public static Optional<Path> root() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env).resolve("asterisk");
            if (Files.isDirectory(p)) return Optional.of(p.toAbsolutePath().normalize());
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("asterisk");
            if (Files.isDirectory(p)) return Optional.of(p.normalize());
        }
        return Optional.empty();
    }

    /** Where {@link #root()} looked, for skip messages. */
    public static String searched() {
        String env = System.getenv(ENV);
        return (env != null && !env.isBlank() ? env + "/asterisk, then " : "")
                + "shared/asterisk above " + Paths.get("").toAbsolutePath();
    }

    /** Every header block of every scenario, by scenario name then session number; empty when absent. */
    public static List<CapturedSession> sessions() {
        Optional<Path> root = root();
        if (root.isEmpty()) return List.of();
        List<CapturedSession> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root.get())) {
            for (Path dir : dirs.sorted().toList()) {
                Path agi = dir.resolve("agi.txt");
                if (Files.isRegularFile(agi)) all.addAll(parse(dir.getFileName().toString(), Files.readString(agi)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** The header blocks in one {@code agi.txt} text. */
    public static List<CapturedSession> parse(String scenario, String agiTxt) {
        List<CapturedSession> found = new ArrayList<>();
        String[] lines = agiTxt.split("\n", -1);
        int session = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(SESSION_MARK)) {
                session = leadingNumber(lines[i].substring(SESSION_MARK.length()), found.size() + 1);
            } else if (lines[i].startsWith(HEADER_MARK)) {
                StringBuilder block = new StringBuilder();
                int j = i + 1;
                for (; j < lines.length && !lines[j].isEmpty(); j++) block.append(lines[j]).append('\n');
                if (block.length() > 0) {
                    found.add(new CapturedSession(scenario, session == 0 ? found.size() + 1 : session,
                            block.append('\n').toString()));
                }
                i = j;
            }
        }
        return found;
    }

    private static int leadingNumber(String s, int fallback) {
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
        return end == 0 ? fallback : Integer.parseInt(s.substring(0, end));
    }
}
