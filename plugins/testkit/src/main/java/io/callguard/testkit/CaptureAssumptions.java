package io.callguard.testkit;

import io.callguard.testkit.agi.AgiCaptures;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one assumption of every test that replays the real Asterisk 22 captures ({@code shared/asterisk}, located
 * by {@link AgiCaptures#root()}): without them the test is skipped with a message on a workstation, and fails
 * under {@code CI=true}, as the PostgreSQL tests do, so that CI never passes on replays it did not run.
 */
public final class CaptureAssumptions {
    private CaptureAssumptions() { }

    /** The captures directory; skips the test (fails it under {@code CI=true}) when it is absent. */
    public static Path requireCaptures() {
        return requireCaptures(AgiCaptures.root(), System.getenv());
    }

    /**
     * The file {@code name} of one scenario (e.g. {@code outbound-answered}, {@code ami.txt}); skips the test (fails
     * it under {@code CI=true}) when the captures or that file are absent.
     */
    public static Path requireScenarioFile(String scenario, String name) {
        Path file = requireCaptures().resolve(scenario).resolve(name);
        if (!Files.isRegularFile(file)) missing("real Asterisk capture " + file + " not found", System.getenv());
        return file;
    }

    static Path requireCaptures(Optional<Path> root, Map<String, String> env) {
        if (root.isEmpty()) {
            missing("real Asterisk captures not found at " + AgiCaptures.searched(), env);
        }
        return root.orElseThrow();
    }

    private static void missing(String why, Map<String, String> env) {
        if ("true".equals(env.get("CI"))) Assertions.fail(why + ": CI=true makes this a failure");
        Assumptions.abort(why + ": skipping replay; set CI=true to make this a failure");
    }
}
