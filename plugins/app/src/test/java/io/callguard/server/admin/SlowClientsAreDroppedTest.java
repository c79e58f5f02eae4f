package io.callguard.server.admin;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A client that opens a request and never finishes it is dropped after the idle timeout, on both listeners. */
class SlowClientsAreDroppedTest {
    @TempDir Path dir;
    CallguardApp app;

    @AfterEach
    void stop() {
        if (app != null) await(app.stop());
    }

    @Test
    void aRequestHeadNeverFinishedIsClosedAfterTheIdleTimeoutAndTheListenerStillServes() throws Exception {
        app = TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_ADMIN_IDLE_TIMEOUT", "1s", "CALLGUARD_CTI_IDLE_TIMEOUT", "1s")));
        for (int port : new int[] {app.adminPort(), app.ctiPort()}) {
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
                // Bounds the test, not the server: far above the 1 s idle timeout.
                slow.setSoTimeout(15_000);
                OutputStream out = slow.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = slow.getInputStream();
                assertThat(in.read()).as("port %d closes the idle connection (EOF)", port).isEqualTo(-1);
            }
            try (Socket normal = new Socket(InetAddress.getLoopbackAddress(), port)) {
                normal.setSoTimeout(15_000);
                normal.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(normal.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).as("port %d still serves", port).startsWith("HTTP/1.1 ");
            }
        }
    }
}
