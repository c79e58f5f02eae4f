package io.callguard.asterisk.ami;

import io.callguard.core.calls.LiveCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's framing, correlation and failure handling on the wire: an emulated Asterisk for what it does
 * right, a scripted peer (a bare NetServer) for what a broken or interleaving peer does.
 */
class AmiClientWireTest extends AmiTestSupport {
    private NetServer peer;
    private final List<Map<String, String>> peerActions = new CopyOnWriteArrayList<>();
    private final List<NetSocket> peerSockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger peerConnections = new AtomicInteger();

    @AfterEach
    void closePeer() throws Exception {
        if (peer != null) await(peer.close());
    }

    /** A bare TCP peer on 127.0.0.1: {@code onConnect} writes what it wants; actions it receives are recorded. */
    private int startPeer(Consumer<NetSocket> onConnect, Consumer<Map<String, String>> onAction) throws Exception {
        peer = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
        peer.connectHandler(socket -> {
            peerConnections.incrementAndGet();
            peerSockets.add(socket);
            RecordParser parser = RecordParser.newDelimited("\r\n\r\n", frame -> {
                Map<String, String> action = new LinkedHashMap<>();
                for (String line : frame.toString(StandardCharsets.UTF_8).split("\r\n")) {
                    int colon = line.indexOf(": ");
                    if (colon > 0) action.put(line.substring(0, colon), line.substring(colon + 2));
                }
                peerActions.add(action);
                onAction.accept(action);
            });
            socket.handler(parser);
            onConnect.accept(socket);
        });
        return await(peer.listen()).actualPort();
    }

    private AmiOptions peerOptions(int port) {
        return new AmiOptions("127.0.0.1", port, USER, SECRET, Duration.ofSeconds(30), Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    /** A peer that logs anyone in (no FullyBooted) and lists no channel; what else the test sends is its own. */
    private int listingPeer() throws Exception {
        return startPeer(s -> s.write("Asterisk Call Manager/11.0.0\r\n"), a -> {
            NetSocket s = peerSockets.get(peerSockets.size() - 1);
            String id = a.get("ActionID");
            switch (a.getOrDefault("Action", "")) {
                case "Challenge" -> s.write("Response: Success\r\nActionID: " + id + "\r\nChallenge: 123\r\n\r\n");
                case "Login" -> s.write("Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n");
                case "CoreShowChannels" -> s.write("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n"
                        + "Event: CoreShowChannelsComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n");
                default -> { }
            }
        });
    }

    /** A peer that logs anyone in (challenge, then login), answers CoreShowChannels with an empty list. */
    private void loginPeer(Consumer<Map<String, String>> otherActions) throws Exception {
        int port = startPeer(s -> s.write("Asterisk Call Manager/11.0.0\r\n"), a -> {
            NetSocket s = peerSockets.get(peerSockets.size() - 1);
            String id = a.get("ActionID");
            switch (a.getOrDefault("Action", "")) {
                case "Challenge" -> s.write("Response: Success\r\nActionID: " + id + "\r\nChallenge: 123\r\n\r\n");
                case "Login" -> s.write("Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n"
                        + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n");
                case "CoreShowChannels" -> {
                    if (id.contains("callguard-list-")) {
                        otherActions.accept(a); // a listing the test answers itself
                        return;
                    }
                    s.write("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n"
                        + "Message: Channels will follow\r\n\r\nEvent: CoreShowChannelsComplete\r\nActionID: " + id
                        + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n");
                }
                default -> otherActions.accept(a);
            }
        });
        client = new AmiClient(vertx, peerOptions(port), tracker);
        await(client.start());
        until("connected to the scripted peer", () -> client.connected());
    }

    @Test
    void framesWrittenOneByOneAreReadSeveralAtATimeAndEveryOneReachesTheTracker() throws Exception {
        int port = listingPeer();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Duration coalesce = Duration.ofMillis(100);
        client = new AmiClient(vertx, peerOptions(port).withReadCoalesce(coalesce), tracker);
        client.metrics(new AmiMetrics(registry));
        await(client.start());
        until("connected and synchronised", () -> client.connected() && tracker.size() == 0
                && registry.get("callguard.ami.events").tag("type", "CoreShowChannelsComplete").counter().count() == 1);
        long readsBefore = registry.get("callguard.ami.frame.lag").timer().count();

        // twenty Newchannel frames, each its own write, the next only once the previous one left
        NetSocket s = peerSockets.get(0);
        int frames = 20;
        long started = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            await(s.write("Event: Newchannel\r\nChannel: PJSIP/trunk-a-" + i + "\r\nChannelState: 4\r\n"
                    + "ChannelStateDesc: Ring\r\nCallerIDNum: 0102030405\r\nExten: 0612345678\r\nContext: from-trunk\r\n"
                    + "AccountCode: acct\r\nUniqueid: 1700000000." + i + "\r\nLinkedid: 1700000000." + i + "\r\n\r\n"));
        }
        long writingMs = (System.nanoTime() - started) / 1_000_000;
        until("every frame tracked", () -> tracker.size() == frames);

        long reads = registry.get("callguard.ami.frame.lag").timer().count() - readsBefore;
        // read as they came, each frame would be one read; held 100 ms after each read, the writes of one 100 ms
        // window are read together: the first frame's read, then one read per window the writing lasted
        assertThat(reads).as("reads for %d frames written one by one over %d ms", frames, writingMs)
                .isLessThanOrEqualTo(2 + writingMs / coalesce.toMillis());
        for (int i = 0; i < frames; i++) assertThat(tracker.get("1700000000." + i)).isPresent();
    }

    @Test
    void aBurstOfFramesIsReadWithoutHoldsAsABusyAsteriskIsNeverSlowedDown() throws Exception {
        int port = listingPeer();
        client = new AmiClient(vertx, peerOptions(port).withReadCoalesce(Duration.ofMillis(100)), tracker);
        await(client.start());
        until("connected", () -> client.connected());
        until("synchronised", () -> !peerActions.stream().filter(a -> "CoreShowChannels".equals(a.get("Action"))).toList().isEmpty());

        // 2,000 frames (about 600 KB, many socket buffers) in one write, as a busy Asterisk's backlog
        int frames = 2000;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < frames; i++) {
            burst.append("Event: Newchannel\r\nChannel: PJSIP/trunk-a-").append(i).append("\r\nChannelState: 4\r\n")
                    .append("ChannelStateDesc: Ring\r\nCallerIDNum: 0102030405\r\nExten: 0612345678\r\n")
                    .append("Context: from-trunk\r\nAccountCode: acct\r\nUniqueid: 1700000000.").append(i)
                    .append("\r\nLinkedid: 1700000000.").append(i).append("\r\nX-Padding: ")
                    .append("x".repeat(100)).append("\r\n\r\n");
        }
        long holdsBefore = client.readHolds();
        await(peerSockets.get(0).write(burst.toString()));
        until("every frame of the burst tracked", () -> tracker.size() == frames);
        // reads full of frames are never held: only a read that caught few frames (the burst's last, or one that
        // found the writer mid-flight) is. Held after every read, this burst took 7 holds of 100 ms.
        assertThat(client.readHolds() - holdsBefore).as("read holds for one burst").isLessThanOrEqualTo(3);
    }

    @Test
    void aFrameOverTheSizeLimitIsReportedAndTheLinkReset() throws Exception {
        startClient(options(SECRET));
        until("connected", () -> client.connected() && !server.actionsReceived("CoreShowChannels").isEmpty());

        await(server.emit("Event: UserEvent\r\nUserEvent: huge\r\nData: " + "x".repeat(AmiClient.MAX_FRAME_BYTES + 10)
                + "\r\n"));
        until("reconnected after the reset", () -> server.successfulLogins() == 2 && client.connected());
        assertThat(messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("a frame over 65536 bytes")
                && m.contains("resetting the link"));
        server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "", "", "", "Up");
        until("the new link carries events", () -> tracker.size() == 1);
    }

    @Test
    void aPeerSendingGarbageIsResetAndRetriedAndNeverCrashesTheClient() throws Exception {
        int port = startPeer(s -> s.write("Asterisk Call Manager/11.0.0\r\nthis is no AMI frame\r\n\r\n"), a -> { });
        client = new AmiClient(vertx, peerOptions(port), tracker);
        await(client.start());

        until("several attempts", () -> peerConnections.get() >= 3);
        assertThat(client.connected()).isFalse();
        assertThat(messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("a malformed frame"));
    }

    @Test
    void aPeerSendingHalfAFrameThenClosingIsALoginFailureAndIsRetried() throws Exception {
        int port = startPeer(s -> {
            s.write("Asterisk Call Manager/11.0.0\r\nResponse: Succ");
            s.close();
        }, a -> { });
        client = new AmiClient(vertx, peerOptions(port), tracker);
        await(client.start());

        until("several attempts", () -> peerConnections.get() >= 3);
        assertThat(client.connected()).isFalse();
        assertThat(messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("AMI login to")
                && m.contains("connection closed"));
    }

    @Test
    void aRefusedLoginIsLoggedWithAsterisksMessage() throws Exception {
        startClient(options("Wr0ng-secret"));
        until("refused once", () -> server.failedLogins() >= 1
                && messages().stream().anyMatch(m -> m.contains("AMI login to")));
        assertThat(messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("AMI login to")
                && m.contains("failed: Authentication failed"));
        assertThat(server.actionsReceived("Login").get(0).get("AuthType")).as("MD5 challenge login").isEqualTo("MD5");
        assertThat(server.actionsReceived("Login").get(0).get("Key")).hasSize(32);
        assertThat(server.actionsReceived("Login").get(0).has("Secret")).as("no secret on the wire").isFalse();
    }

    @Test
    void anActionAnsweredWithAnErrorCompletesWithTheErrorResponse() throws Exception {
        startClient(options(SECRET));
        until("connected", () -> client.connected());

        AmiResponse r = await(client.sendAction(AmiAction.named("NoSuchAction").actionId("mine-1")));
        assertThat(r.isError()).isTrue();
        assertThat(r.message()).startsWith("Invalid/unknown command: NoSuchAction");
        assertThat(r.actionId()).isEqualTo("mine-1");
        assertThat(client.connected()).as("an error answer is no reason to drop the link").isTrue();
    }

    @Test
    void responsesAndListsAreMatchedByActionIdAcrossInterleavedEventsAndOutOfOrderAnswers() throws Exception {
        List<Map<String, String>> held = new CopyOnWriteArrayList<>();
        loginPeer(held::add);

        Future<AmiResponse> ping = client.sendAction(AmiAction.named("Ping"));
        Future<AmiResponse> hangup = client.sendAction(AmiAction.hangup("PJSIP/nope-00000001", 16));
        Future<List<LiveCall>> list = client.liveChannels();
        until("three actions at the peer", () -> held.size() == 3);
        String pingId = held.get(0).get("ActionID");
        String hangupId = held.get(1).get("ActionID");
        String listId = held.get(2).get("ActionID");
        assertThat(List.of(pingId, hangupId, listId)).doesNotHaveDuplicates();

        NetSocket s = peerSockets.get(peerSockets.size() - 1);
        // answers in reverse order, the list's items interleaved with channel events of other calls
        s.write("Response: Success\r\nActionID: " + listId + "\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n"
                + "Event: Newchannel\r\nChannel: PJSIP/trunk-a-00000001\r\nChannelStateDesc: Ring\r\nAccountCode: acme\r\n"
                + "Uniqueid: 9.1\r\nLinkedid: 9.1\r\n\r\n"
                + "Event: CoreShowChannel\r\nActionID: " + listId + "\r\nChannel: PJSIP/trunk-b-00000002\r\n"
                + "ChannelStateDesc: Up\r\nUniqueid: 8.1\r\nLinkedid: 8.1\r\nDuration: 00:00:05\r\n\r\n"
                + "Event: VarSet\r\nUniqueid: 9.1\r\nVariable: X\r\nValue: 1\r\n\r\n"
                + "Response: Error\r\nActionID: " + hangupId + "\r\nMessage: No such channel\r\n\r\n"
                + "Event: Newstate\r\nChannelStateDesc: Up\r\nUniqueid: 9.1\r\nLinkedid: 9.1\r\n\r\n"
                + "Event: CoreShowChannelsComplete\r\nActionID: " + listId + "\r\nEventList: Complete\r\nListItems: 1\r\n\r\n"
                + "Response: Success\r\nActionID: " + pingId + "\r\nPing: Pong\r\nTimestamp: 1.000000\r\n\r\n");

        assertThat(await(ping).get("Ping")).isEqualTo("Pong");
        assertThat(await(hangup).message()).isEqualTo("No such channel");
        assertThat(await(list)).extracting(LiveCall::uniqueId).containsExactly("8.1");
        until("the interleaved events applied", () -> tracker.get("9.1").map(c -> "Up".equals(c.state())).orElse(false));
        assertThat(tracker.get("8.1")).as("a listing leaves the tracker alone").isEmpty();
    }

    @Test
    void anActionWithoutAnswerFailsAfterTheResponseTimeout() throws Exception {
        loginPeer(a -> { });
        Promise<Throwable> failed = Promise.promise();
        client.sendAction(AmiAction.named("Ping")).onFailure(failed::complete);
        Throwable t = await(failed.future());
        assertThat(t).hasMessageContaining("no AMI response to Ping within 1000 ms");
    }

}
