package io.callguard.testkit.ami;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatedAmiServerTest {
    private Vertx vertx;
    private EmulatedAmiServer server;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = new EmulatedAmiServer(vertx, "callguard", "s3cret").loginFailureDelay(Duration.ofMillis(20));
        await(server.start());
    }

    @AfterEach
    void tearDown() throws Exception {
        await(server.close());
        await(vertx.close());
    }

    /** A raw AMI client: lines into frames, frames into a queue (the greeting arrives as a frame of its own). */
    private final class RawClient {
        final BlockingQueue<AmiFrame> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> closed = new LinkedBlockingQueue<>();
        NetSocket socket;
        private AmiFrame.Builder pending;

        RawClient connect() throws Exception {
            // Connect from an event-loop task so that attach() is registered before the connection can complete:
            // from the test thread, a fast connect could complete first and the greeting arrive with no handler.
            Promise<NetSocket> connected = Promise.promise();
            vertx.runOnContext(v -> vertx.createNetClient().connect(server.port(), "127.0.0.1").map(this::attach)
                    .onComplete(connected));
            socket = await(connected.future());
            return this;
        }

        private NetSocket attach(NetSocket socket) {
            RecordParser parser = RecordParser.newDelimited("\r\n", b -> {
                String line = b.toString(StandardCharsets.UTF_8);
                if (line.startsWith("Asterisk Call Manager/")) {
                    frames.add(AmiFrame.builder().add("Greeting", line).build());
                } else if (line.isEmpty()) {
                    if (pending != null) frames.add(pending.build());
                    pending = null;
                } else {
                    if (pending == null) pending = AmiFrame.builder();
                    pending.addLine(line);
                }
            });
            socket.handler(parser);
            socket.closeHandler(v -> closed.add(true));
            return socket;
        }

        void send(String... lines) { socket.write(Buffer.buffer(String.join("\r\n", lines) + "\r\n\r\n")); }

        AmiFrame next() throws InterruptedException {
            AmiFrame f = frames.poll(15, TimeUnit.SECONDS);
            assertThat(f).as("a frame within 15 s (a bound for loaded CI machines, not a timing assertion)").isNotNull();
            return f;
        }

        AmiFrame login() throws Exception {
            assertThat(next().get("Greeting")).isEqualTo("Asterisk Call Manager/11.0.0");
            send("Action: Login", "Username: callguard", "Secret: s3cret", "ActionID: login-1");
            return next();
        }
    }

    @Test
    void loginIsAcceptedThenFullyBootedThenSuccessfulAuth() throws Exception {
        RawClient c = new RawClient().connect();
        AmiFrame response = c.login();
        assertThat(response.get("Response")).isEqualTo("Success");
        assertThat(response.get("ActionID")).isEqualTo("login-1");
        assertThat(response.get("Message")).isEqualTo("Authentication accepted");
        assertThat(c.next().event()).isEqualTo("FullyBooted");
        assertThat(c.next().event()).isEqualTo("SuccessfulAuth");
    }

    @Test
    void md5ChallengeLoginWorksLikeAsteriskJavaUsesIt() throws Exception {
        RawClient c = new RawClient().connect();
        c.next();
        c.send("Action: Challenge", "AuthType: MD5", "ActionID: ch-1");
        AmiFrame challenge = c.next();
        assertThat(challenge.get("ActionID")).isEqualTo("ch-1");
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((challenge.get("Challenge") + "s3cret").getBytes(StandardCharsets.UTF_8)));
        c.send("Action: Login", "Username: callguard", "AuthType: MD5", "Key: " + key, "ActionID: l-2");
        assertThat(c.next().get("Message")).isEqualTo("Authentication accepted");
        c.send("Action: CoreSettings", "ActionID: cs-3");
        AmiFrame settings = c.next();
        while (settings.event() != null) settings = c.next();
        assertThat(settings.get("AsteriskVersion")).isEqualTo("22.10.1");
    }

    @Test
    void wrongSecretFailsAfterTheDelayAndClosesTheConnection() throws Exception {
        RawClient c = new RawClient().connect();
        c.next();
        c.send("Action: Login", "Username: callguard", "Secret: wrong", "ActionID: login-1");
        AmiFrame response = c.next();
        assertThat(response.get("Response")).isEqualTo("Error");
        assertThat(response.get("Message")).isEqualTo("Authentication failed");
        assertThat(c.closed.poll(15, TimeUnit.SECONDS)).isTrue();
        assertThat(server.failedLogins()).isEqualTo(1);
    }

    @Test
    void anOriginateIsQueuedThenAnsweredByAnOriginateResponseCarryingItsActionIdAndChannelId() throws Exception {
        RawClient c = new RawClient().connect();
        c.login();
        c.next();
        c.next();

        c.send("Action: Originate", "ActionID: 1234_0#cg-call_1", "Channel: PJSIP/acme-t0", "Context: callguard-outbound",
                "Exten: 0612345678", "Priority: 1", "Async: true", "ChannelId: cg-call_1");
        AmiFrame queued = c.next();
        assertThat(queued.get("Response")).isEqualTo("Success");
        assertThat(queued.get("ActionID")).isEqualTo("1234_0#cg-call_1");
        assertThat(queued.get("Message")).isEqualTo("Originate successfully queued");
        AmiFrame event = c.next();
        assertThat(event.event()).isEqualTo("OriginateResponse");
        assertThat(event.get("ActionID")).isEqualTo("1234_0#cg-call_1");
        assertThat(event.get("Response")).isEqualTo("Success");
        assertThat(event.get("Reason")).isEqualTo("4");
        assertThat(event.get("Uniqueid")).isEqualTo("cg-call_1");
        assertThat(event.get("Channel")).isEqualTo("PJSIP/acme-t0");
        assertThat(event.get("Exten")).isEqualTo("0612345678");

        server.originateOutcome("Failure", 3);
        c.send("Action: Originate", "ActionID: o-2", "Channel: PJSIP/acme-t0", "Exten: 0612345678", "Async: true");
        assertThat(c.next().get("Response")).isEqualTo("Success");
        AmiFrame failed = c.next();
        assertThat(failed.get("Response")).isEqualTo("Failure");
        assertThat(failed.get("Reason")).isEqualTo("3");
        assertThat(server.actionsReceived("Originate")).hasSize(2);

        c.send("Action: Originate", "ActionID: o-3");
        assertThat(c.next().get("Message")).isEqualTo("Channel not specified");
    }

    @Test
    void actionsBeforeLoginArePermissionDenied() throws Exception {
        RawClient c = new RawClient().connect();
        c.next();
        c.send("Action: Ping", "ActionID: p-1");
        assertThat(c.next().get("Message")).isEqualTo("Permission denied");
    }

    @Test
    void pingCoreShowChannelsHangupUnknownAndLogoffAnswerLikeAsterisk22() throws Exception {
        await(server.addChannel("1795713936.69", "1795713936.69", "PJSIP/sipp-uac-00000045", "", "sipp",
                "5000000001", "Ring"));
        await(server.addChannel("1795713936.70", "1795713936.69", "PJSIP/sipp-uas-00000046", "", "5000000001",
                "", "Up"));
        RawClient c = new RawClient().connect();
        c.login();
        c.next();
        c.next();

        c.send("Action: Ping", "ActionID: ping-2");
        AmiFrame pong = c.next();
        assertThat(pong.get("Ping")).isEqualTo("Pong");
        assertThat(pong.get("ActionID")).isEqualTo("ping-2");
        assertThat(pong.get("Timestamp")).matches("\\d+\\.\\d{6}");

        c.send("Action: CoreShowChannels", "ActionID: csc-3");
        AmiFrame start = c.next();
        assertThat(start.get("EventList")).isEqualTo("start");
        assertThat(start.get("Message")).isEqualTo("Channels will follow");
        AmiFrame first = c.next();
        assertThat(first.event()).isEqualTo("CoreShowChannel");
        assertThat(first.get("ActionID")).isEqualTo("csc-3");
        assertThat(first.get("Uniqueid")).isEqualTo("1795713936.69");
        assertThat(first.get("Duration")).matches("\\d\\d:\\d\\d:\\d\\d");
        assertThat(c.next().get("Linkedid")).isEqualTo("1795713936.69");
        AmiFrame complete = c.next();
        assertThat(complete.event()).isEqualTo("CoreShowChannelsComplete");
        assertThat(complete.get("ListItems")).isEqualTo("2");

        c.send("Action: NoSuchAction", "ActionID: bogus-16");
        assertThat(c.next().get("Message")).startsWith("Invalid/unknown command: NoSuchAction.");

        c.send("Action: Hangup", "Channel: PJSIP/sipp-uac-00000045", "Cause: 16", "ActionID: hangup-17");
        assertThat(c.next().get("Message")).isEqualTo("Channel Hungup");
        AmiFrame h1 = c.next();
        AmiFrame h2 = c.next();
        assertThat(h1.event()).isEqualTo("Hangup");
        assertThat(h1.get("Cause")).isEqualTo("16");
        assertThat(h1.get("Cause-txt")).isEqualTo("Normal Clearing");
        assertThat(h2.get("Uniqueid")).isEqualTo("1795713936.70");
        assertThat(server.channels()).isEmpty();
        assertThat(server.actionsReceived("Hangup")).hasSize(1);

        c.send("Action: Hangup", "Channel: PJSIP/sipp-uac-ffffffff", "ActionID: hangup-18");
        assertThat(c.next().get("Message")).isEqualTo("No such channel");

        c.send("Action: Logoff", "ActionID: logoff-20");
        AmiFrame bye = c.next();
        assertThat(bye.get("Response")).isEqualTo("Goodbye");
        assertThat(bye.get("Message")).isEqualTo("Thanks for all the fish.");
        assertThat(c.closed.poll(15, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void channelEventsAndLoadReachLoggedInSessionsAndKeepTheTableTrue() throws Exception {
        RawClient c = new RawClient().connect();
        c.login();
        c.next();
        c.next();
        await(server.addChannel("1.1", "1.1", "PJSIP/a-00000001", "acme", "0140000000", "0612345678", "Ring"));
        assertThat(c.next().event()).isEqualTo("Newchannel");
        await(server.answer("1.1"));
        assertThat(c.next().get("ChannelStateDesc")).isEqualTo("Up");
        await(server.hangup("1.1", 17));
        assertThat(c.next().get("Cause-txt")).isEqualTo("User busy");

        int sent = await(server.emitLoad(10, 5, 4));
        assertThat(sent).isEqualTo(10 * (SyntheticCalls.CORE_FRAMES_PER_CALL + 4));
        for (int i = 0; i < sent; i++) c.next();
        assertThat(server.channels()).isEmpty();
    }

    @Test
    void killDropsConnectionsAndRestartListensOnTheSamePort() throws Exception {
        int port = server.port();
        RawClient c = new RawClient().connect();
        c.login();
        await(server.kill());
        assertThat(c.closed.poll(15, TimeUnit.SECONDS)).isTrue();
        assertThat(await(server.restart())).isEqualTo(port);
        RawClient again = new RawClient().connect();
        assertThat(again.login().get("Response")).isEqualTo("Success");
    }

    @Test
    void captureParsingSkipsResponsesAndSessionEvents() {
        AmiCapture capture = AmiCapture.parse("Asterisk Call Manager/11.0.0\n\nResponse: Success\nActionID: login-1\n"
                + "Message: Authentication accepted\n\nEvent: FullyBooted\nPrivilege: system,all\n\n"
                + "Event: Newchannel\nUniqueid: 1.1\nAccountCode: \n\nResponse: Goodbye\n\n");
        assertThat(capture.greeting()).isEqualTo("Asterisk Call Manager/11.0.0");
        assertThat(capture.frames()).hasSize(4);
        assertThat(capture.replayableEvents()).extracting(AmiFrame::event).containsExactly("Newchannel");
        assertThat(capture.replayableEvents().get(0).get("AccountCode")).isEmpty();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
