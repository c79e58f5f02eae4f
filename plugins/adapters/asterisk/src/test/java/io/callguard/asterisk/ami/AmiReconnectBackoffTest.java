package io.callguard.asterisk.ami;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Asterisk that drops every AMI session soon after its login (a crashing module, a proxy with a short idle
 * timeout) must not be hammered every reconnectMin forever: the reconnection delay keeps growing unless a session
 * lived ami.stableSession. Sessions' lives are measured on the test's manual clock; the emulator drops the links.
 * Options: reconnectMin 20 ms, reconnectMax 200 ms, stableSession 30 s (default).
 */
class AmiReconnectBackoffTest extends AmiTestSupport {
    private static final Pattern LOST = Pattern.compile("AMI link to \\S+ lost after (\\d+) ms: .*; reconnecting in (\\d+) ms");

    /** The delay announced after each lost link, in order. */
    private List<Long> reconnectDelays() {
        List<Long> delays = new ArrayList<>();
        for (String m : messages()) {
            Matcher matcher = LOST.matcher(m);
            if (matcher.find()) delays.add(Long.parseLong(matcher.group(2)));
        }
        return delays;
    }

    /** Waits for login number {@code n}, then lets the emulated Asterisk drop the link; {@code lived} passes between. */
    private void loginThenDrop(int n, Duration lived) throws Exception {
        until("login " + n, () -> server.successfulLogins() == n && client.connected());
        clock.advance(lived);
        await(server.dropSessions());
        until("drop " + n + " noticed", () -> !client.connected());
    }

    @Test
    void sessionsDroppedSoonAfterLoginMakeTheReconnectionDelayGrowToReconnectMax() throws Exception {
        startClientOnTestClock(options(SECRET));
        for (int n = 1; n <= 6; n++) loginThenDrop(n, Duration.ofSeconds(2));
        until("sixth delay announced", () -> reconnectDelays().size() == 6);

        assertThat(reconnectDelays()).containsExactly(20L, 40L, 80L, 160L, 200L, 200L);
        until("logged in again", () -> server.successfulLogins() == 7 && client.connected());
    }

    @Test
    void aSessionThatLivedStableSessionStartsTheDelaysAgainFromReconnectMin() throws Exception {
        startClientOnTestClock(options(SECRET));
        for (int n = 1; n <= 3; n++) loginThenDrop(n, Duration.ofSeconds(2));
        loginThenDrop(4, AmiOptions.DEFAULT_STABLE_SESSION);
        loginThenDrop(5, Duration.ofSeconds(2));
        until("fifth delay announced", () -> reconnectDelays().size() == 5);

        assertThat(reconnectDelays()).containsExactly(20L, 40L, 80L, 20L, 40L);
        assertThat(messages()).anyMatch(m -> m.contains("lost after 30000 ms"));
    }
}
