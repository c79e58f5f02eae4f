package io.callguard.server;

import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigException;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A port already taken stops the start with one configuration error naming the key and the port, whichever listener
 * it is, and no listener acted for anyone during the attempt (the HTTP ones answer only 503 until the start is over).
 */
class ListenerPortClashTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"admin", "cti", "fastagi"})
    void aTakenPortStopsTheStartWithOneLineNamingTheKeyAndThePort(String listener) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Config config = TestApps.config(dir, Map.of(
                    "CALLGUARD_" + listener.toUpperCase(Locale.ROOT) + "_PORT", Integer.toString(port)));
            assertThatThrownBy(() -> TestApps.start(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(listener + ".port: 127.0.0.1:" + port + " is already in use by another process "
                            + "(free the port or choose another)");
        }
        // everything opened was released: the same configuration starts once the port is free
        await(TestApps.start(TestApps.config(dir, Map.of())).stop());
    }

    @Test
    void withTheCtiPortTakenTheAdminApiAnswersOnly503DuringTheAttemptAndWritesNothing() throws Exception {
        int adminPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adminPort = probe.getLocalPort();
        }
        List<String> answers = new ArrayList<>();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<CallguardApp> attempt = CallguardApp.start(TestApps.config(dir, Map.of(
                    "CALLGUARD_ADMIN_PORT", Integer.toString(adminPort),
                    "CALLGUARD_CTI_PORT", Integer.toString(taken.getLocalPort()))), new io.callguard.core.time.MutableClock(TestApps.T0));
            // An operator's script creating an account while callguard starts: it must not be served by a
            // service that is about to die.
            while (!attempt.isComplete()) {
                String answer = postAccount(adminPort);
                if (answer != null) answers.add(answer);
            }
            assertThat(attempt.failed()).isTrue();
            assertThat(attempt.cause()).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("cti.port: 127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
        assertThat(answers).as("every answer given during the failed start").allSatisfy(a -> assertThat(a)
                .startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1"));

        CallguardApp app = TestApps.start(TestApps.config(dir, Map.of()));
        try {
            assertThat(app.directory().account("early")).as("no account was written during the failed start").isEmpty();
        } finally {
            await(app.stop());
        }
    }

    /** The answer's head, or null when the port was not (yet, or no longer) listening or closed without an answer. */
    private static String postAccount(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            s.setSoTimeout(5_000);
            String body = "{\"id\":\"early\",\"name\":\"Early\"}";
            OutputStream out = s.getOutputStream();
            out.write(("POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestApps.TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int headEnd = answer.indexOf("\r\n\r\n");
            return answer.isEmpty() ? null : headEnd < 0 ? answer : answer.substring(0, headEnd);
        } catch (java.net.SocketException refusedOrReset) {
            return null;
        }
    }
}
