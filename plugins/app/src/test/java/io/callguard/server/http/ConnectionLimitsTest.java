package io.callguard.server.http;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection limits over real sockets: the admin and CTI listeners close at once, and count, a connection over their
 * per-address or per-listener limit; FastAGI has its own limit; a FastAGI decision (and 112) is answered while both
 * HTTP listeners are full. Sources other than 127.0.0.1 are other loopback addresses (127.0.0.2…).
 */
class ConnectionLimitsTest {
    private static final int PER_LISTENER = 12;
    private static final int PER_ADDRESS = 8;
    private static final int FASTAGI_MAX = 16;

    @TempDir Path dir;
    Vertx vertx;
    CallguardApp app;
    EmulatedAgiClient agi;
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        app = TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_ADMIN_MAX_CONNECTIONS", Integer.toString(PER_LISTENER),
                "CALLGUARD_ADMIN_MAX_CONNECTIONS_PER_ADDRESS", Integer.toString(PER_ADDRESS),
                "CALLGUARD_CTI_MAX_CONNECTIONS", Integer.toString(PER_LISTENER),
                "CALLGUARD_CTI_MAX_CONNECTIONS_PER_ADDRESS", Integer.toString(PER_ADDRESS),
                "CALLGUARD_FASTAGI_MAX_CONNECTIONS", Integer.toString(FASTAGI_MAX),
                // idle peers stay connected for the whole test: the limits, not the timeouts, are what is tested
                "CALLGUARD_ADMIN_IDLE_TIMEOUT", "5m",
                "CALLGUARD_CTI_IDLE_TIMEOUT", "5m",
                "CALLGUARD_FASTAGI_HEADER_TIMEOUT", "5m")));
        agi = new EmulatedAgiClient(vertx);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) s.close();
        if (app != null) await(app.stop());
        if (agi != null) await(agi.close());
        if (vertx != null) await(vertx.close());
    }

    @Test
    void aConnectionOverThePerAddressLimitIsClosedAtOnceAndCountedOnBothHttpListeners() throws IOException {
        for (String listener : new String[] {"admin", "cti"}) {
            int port = port(listener);
            for (int i = 0; i < PER_ADDRESS; i++) connect("127.0.0.1", port);
            awaitOpen(listener, PER_ADDRESS);

            assertClosedByServer(connect("127.0.0.1", port), listener + ": one more from 127.0.0.1");
            JsonObject counters = app.listenerConnections().getJsonObject(listener);
            assertThat(counters.getLong("refusedAddressFull")).as(listener).isEqualTo(1);
            assertThat(counters.getLong("refusedListenerFull")).as(listener).isZero();

            // another address is still welcome
            connect("127.0.0.2", port);
            awaitOpen(listener, PER_ADDRESS + 1);
        }
    }

    @Test
    void aConnectionOverTheListenerLimitIsClosedAtOnceAndCountedAndAFreedSlotIsUsableAgain() throws IOException {
        for (String listener : new String[] {"admin", "cti"}) {
            int port = port(listener);
            int firstOfThisListener = sockets.size();
            fill(port);
            awaitOpen(listener, PER_LISTENER);

            assertClosedByServer(connect("127.0.0.3", port), listener + ": a new address on a full listener");
            assertThat(app.listenerConnections().getJsonObject(listener).getLong("refusedListenerFull"))
                    .as(listener).isEqualTo(1);

            Socket leaving = sockets.remove(firstOfThisListener);
            leaving.close();
            awaitOpen(listener, PER_LISTENER - 1);
            connect("127.0.0.3", port);
            awaitOpen(listener, PER_LISTENER);
        }
        // the counters are in the admin API too, for an operator reaching it once the flood is over
        for (Socket s : sockets) s.close();
        sockets.clear();
        awaitOpen("admin", 0);
        WebClient http = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> r = await(http.get(app.adminPort(), "127.0.0.1", "/admin/v1/listeners")
                    .bearerTokenAuthentication(TestApps.TOKEN).send());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getJsonObject("cti").getLong("refusedListenerFull")).isEqualTo(1);
            assertThat(r.bodyAsJsonObject().getJsonObject("admin").getInteger("maxConnections")).isEqualTo(PER_LISTENER);
            assertThat(r.bodyAsJsonObject().getJsonObject("fastagi").getInteger("maxConnections")).isEqualTo(FASTAGI_MAX);
        } finally {
            http.close();
        }
    }

    @Test
    void fastAgiDecisionsAnd112AreAnsweredWhileBothHttpListenersAreFullAndRefusing() throws IOException {
        for (String listener : new String[] {"admin", "cti"}) {
            fill(port(listener));
            awaitOpen(listener, PER_LISTENER);
            for (int i = 0; i < 5; i++) assertClosedByServer(connect("127.0.0.4", port(listener)), listener);
        }

        AgiSessionResult emergency = await(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(
                "PJSIP/stranger-00000001", "1764170000.1", "nobody", "0100000000", "112")));
        assertThat(emergency.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(emergency.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
        assertThat(emergency.variable("CALLGUARD_REASON")).isEqualTo("EMERGENCY");

        AgiSessionResult ordinary = await(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(
                "PJSIP/stranger-00000002", "1764170000.2", "nobody", "0100000000", "0612345678")));
        assertThat(ordinary.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        // the policies judged it (unknown account), not the deadline's fallback
        assertThat(ordinary.variable("CALLGUARD_VERDICT")).isEqualTo("DENY");
        assertThat(ordinary.variable("CALLGUARD_REASON")).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(app.listenerConnections().getJsonObject("cti").getLong("refused")).isEqualTo(5);
    }

    @Test
    void fastAgiClosesASessionOverItsOwnLimitAtOnceAndCountsIt() throws IOException {
        for (int i = 0; i < FASTAGI_MAX; i++) connect("127.0.0.1", app.fastAgiPort());
        awaitOpen("fastagi", FASTAGI_MAX);

        assertClosedByServer(connect("127.0.0.1", app.fastAgiPort()), "FastAGI session over fastagi.maxConnections");
        assertThat(app.listenerConnections().getJsonObject("fastagi").getLong("refused")).isEqualTo(1);

        sockets.remove(0).close();
        awaitOpen("fastagi", FASTAGI_MAX - 1);
        AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(
                "PJSIP/stranger-00000003", "1764170000.3", "nobody", "0100000000", "112")));
        assertThat(r.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
    }

    /** PER_ADDRESS connections from 127.0.0.1, the rest of PER_LISTENER from 127.0.0.2. */
    private void fill(int port) throws IOException {
        for (int i = 0; i < PER_ADDRESS; i++) connect("127.0.0.1", port);
        for (int i = PER_ADDRESS; i < PER_LISTENER; i++) connect("127.0.0.2", port);
    }

    private int port(String listener) {
        return listener.equals("admin") ? app.adminPort() : app.ctiPort();
    }

    private Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    private void awaitOpen(String listener, int expected) {
        TestApps.until(vertx, listener + " holds " + expected + " connections", Duration.ofSeconds(10),
                () -> app.listenerConnections().getJsonObject(listener).getInteger("open") == expected);
    }

    /** The server closed the connection without a byte: EOF (or a reset) long before the idle timeout. */
    private static void assertClosedByServer(Socket s, String what) throws IOException {
        // bounds the test only: the listeners' idle timeout is 5 minutes
        s.setSoTimeout(10_000);
        int first;
        try {
            first = s.getInputStream().read();
        } catch (SocketException reset) {
            first = -1;
        }
        assertThat(first).as(what + " is closed by the server").isEqualTo(-1);
    }
}
