package io.callguard.testkit.agi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The emulated Asterisk against a scripted FastAGI server that sends fixed commands, one per reply. */
class EmulatedAgiClientTest {
    private Vertx vertx;
    private EmulatedAgiClient client;
    private final List<String> commandsToSend = new ArrayList<>();
    private final Promise<List<String>> serverSaw = Promise.promise();
    private final Promise<String> headerSeen = Promise.promise();
    private int port;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        client = new EmulatedAgiClient(vertx);
        NetServer server = vertx.createNetServer().connectHandler(this::script);
        port = await(server.listen(0, "127.0.0.1")).actualPort();
    }

    @AfterEach
    void tearDown() {
        await(vertx.close());
    }

    /** Reads the header, then sends each command after the previous reply, then closes; records what came back. */
    private void script(NetSocket socket) {
        List<String> received = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        boolean[] inHeader = {true};
        int[] next = {0};
        Runnable sendNextOrClose = () -> {
            if (next[0] < commandsToSend.size()) socket.write(commandsToSend.get(next[0]++) + "\n");
            else socket.close();
        };
        socket.closeHandler(v -> serverSaw.tryComplete(received));
        socket.handler(RecordParser.newDelimited("\n", line -> {
            String s = line.toString();
            if (inHeader[0]) {
                header.append(s).append('\n');
                if (s.isEmpty()) {
                    inHeader[0] = false;
                    headerSeen.tryComplete(header.toString());
                    sendNextOrClose.run();
                }
                return;
            }
            received.add(s);
            if (s.equals("HANGUP") || s.startsWith("520-") || (!s.matches("\\d{3} .*"))) return;
            sendNextOrClose.run();
        }));
    }

    @Test
    void answersCommandsLikeAsteriskAndRecordsTheVariables() {
        commandsToSend.addAll(List.of("EXEC MSet \"CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200\"",
                "SET VARIABLE CALLGUARD_REASON \"X\"", "GET VARIABLE CALLGUARD_VERDICT", "NOOP", "DANCE"));
        AgiEnvironment env = AgiEnvironment.outbound("PJSIP/trunk-a-00000001", "1.1", "acme", "0123456789", "0612345678");

        AgiSessionResult r = await(client.run("127.0.0.1", port, env));

        assertThat(await(headerSeen.future())).isEqualTo(env.toHeaderBlock());
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).containsExactlyElementsOf(commandsToSend);
        assertThat(r.roundTrips()).isEqualTo(5);
        assertThat(r.variables()).containsExactly(entry("CALLGUARD_VERDICT", "ALLOW"),
                entry("CALLGUARD_MAX_SECONDS", "7200"), entry("CALLGUARD_REASON", "X"));
        assertThat(await(serverSaw.future())).containsExactly("200 result=0", "200 result=1",
                "200 result=1 (ALLOW)", "200 result=0", "510 Invalid or unknown command");
    }

    @Test
    void hangupBeforeTheFirstCommandIsSentRightAfterTheHeader() {
        commandsToSend.addAll(List.of("SET VARIABLE A 1", "ANSWER"));

        AgiSessionResult r = await(client.run("127.0.0.1", port,
                AgiEnvironment.builder().build(), AgiBehaviour.hangUpBeforeFirstCommand()));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.HANGUP);
        assertThat(await(serverSaw.future())).containsExactly("HANGUP", "200 result=1",
                AgiBehaviour.DEAD_CHANNEL);
    }

    @Test
    void hangupAfterNCommandsMakesTheChannelDead() {
        commandsToSend.addAll(List.of("ANSWER", "ANSWER"));

        AgiSessionResult r = await(client.run("127.0.0.1", port, AgiEnvironment.builder().build(),
                AgiBehaviour.hangUpAfterCommands(1)));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.HANGUP);
        assertThat(await(serverSaw.future())).containsExactly("200 result=0", "HANGUP", AgiBehaviour.DEAD_CHANNEL);
    }

    @Test
    void usageErrorIsAMultiLine520Block() {
        commandsToSend.add("SET VARIABLE A 1");

        await(client.run("127.0.0.1", port, AgiEnvironment.builder().build(), AgiBehaviour.usageErrorOnFirstCommand()));

        List<String> saw = await(serverSaw.future());
        assertThat(saw.get(0)).startsWith("520-");
        assertThat(saw.get(saw.size() - 1)).isEqualTo("520 End of proper usage.");
    }

    @Test
    void stalledAsteriskNeverAnswersAndTheClientGivesUpAtItsOwnLimit() {
        commandsToSend.add("SET VARIABLE A 1");

        AgiSessionResult r = await(client.run("127.0.0.1", port, AgiEnvironment.builder().build(),
                AgiBehaviour.neverAnswering().withMaxSessionTime(Duration.ofMillis(200))));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.TIMEOUT);
        assertThat(r.commands()).containsExactly("SET VARIABLE A 1");
        assertThat(r.roundTrips()).isZero();
    }

    @Test
    void refusedConnectionIsAFailure() {
        // Port 1 (tcpmux) is outside the ephemeral range and unused on loopback: a port freed by this test could be
        // taken at once by another test process's listen(0), or connect to itself (TCP simultaneous open).
        int closedPort = 1;

        AgiSessionResult r = await(client.run("127.0.0.1", closedPort, AgiEnvironment.builder().build()));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.FAILURE);
        assertThat(r.failure()).isNotNull();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
