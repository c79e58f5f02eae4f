package io.callguard.asterisk.ami;

import io.callguard.core.control.CallEvent;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners hear callguard's call events, on the client's context: the originate result (with the correlation id
 * the sender set as ActionID), channels created, dial ends and hang-ups.
 */
class AmiEventListenerTest extends AmiTestSupport {
    private final List<CallEvent> heard = new CopyOnWriteArrayList<>();
    private final List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();

    @Test
    void anOriginateResponseReachesListenersWithTheActionIdTheSenderSetWithoutTheClientsPrefix() throws Exception {
        startClient(options(SECRET));
        client.addEventListener(e -> {
            throw new IllegalStateException("a broken listener");
        });
        client.addEventListener(e -> {
            Context c = Vertx.currentContext();
            onEventLoop.add(c != null && c.isEventLoopContext());
            heard.add(e);
        });
        until("connected", () -> client.connected());

        OriginateRequest originate = new OriginateRequest("PJSIP/acme-t0", "callguard-outbound", "0612345678", 1,
                Duration.ofSeconds(30), null, null, Map.of(), "cg-call_1", "cg-chan_1", null);
        OriginateReply queued = new AmiCallControl(() -> client).originate(originate).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(queued.accepted()).isTrue();

        until("OriginateResponse heard", () -> heard.stream().anyMatch(e -> e instanceof CallEvent.OriginateResult));
        CallEvent.OriginateResult response = (CallEvent.OriginateResult) heard.stream()
                .filter(e -> e instanceof CallEvent.OriginateResult).findFirst().orElseThrow();
        assertThat(response.correlationId()).isEqualTo("cg-call_1");
        assertThat(response.success()).isTrue();
        assertThat(response.uniqueId()).isEqualTo("cg-chan_1");
        assertThat(response.reason()).isEqualTo(4);
        assertThat(server.actionsReceived("Originate").get(0).get("ActionID"))
                .as("the client prefixes it on the wire").isNotEqualTo("cg-call_1").endsWith("cg-call_1");

        server.addChannel("1795713936.69", "1795713936.69", "PJSIP/acme-t0-00000001", "acme", "0140000000", "", "Up");
        server.hangup("1795713936.69", 17);
        until("Hangup heard", () -> heard.stream().anyMatch(e -> e instanceof CallEvent.HungUp));
        CallEvent.HungUp hangup = (CallEvent.HungUp) heard.stream().filter(e -> e instanceof CallEvent.HungUp)
                .findFirst().orElseThrow();
        assertThat(hangup.uniqueId()).isEqualTo("1795713936.69");
        assertThat(hangup.cause()).isEqualTo(17);
        assertThat(tracker.size()).as("the tracker still saw the hangup").isZero();
        assertThat(onEventLoop).containsOnly(true);
        assertThat(heard).filteredOn(e -> e instanceof CallEvent.ChannelCreated).singleElement()
                .isEqualTo(new CallEvent.ChannelCreated("1795713936.69", "1795713936.69", "PJSIP/acme-t0-00000001",
                        "acme", "0140000000", "", "Up"));
        assertThat(heard).as("in stream order").extracting(e -> (Object) e.getClass()).containsExactly(
                CallEvent.OriginateResult.class, CallEvent.ChannelCreated.class, CallEvent.HungUp.class);
        assertThat(messages()).anyMatch(m -> m.contains("AMI event listener failed"));
    }

    /** The DialEnd of an answered outbound call, as Asterisk 22.10.1 sent it (outbound-answered capture). */
    private static final String DIAL_END_ANSWER = """
            Event: DialEnd
            Privilege: call,all
            Channel: PJSIP/sipp-uac-00000003
            ChannelState: 4
            ChannelStateDesc: Ring
            CallerIDNum: sipp
            CallerIDName: sipp
            ConnectedLineNum: 2000000001
            ConnectedLineName: <unknown>
            Language: en
            AccountCode:\s
            Context: from-sipp
            Exten: 2000000001
            Priority: 5
            Uniqueid: 1795713716.3
            Linkedid: 1795713716.3
            DestChannel: PJSIP/sipp-uas-00000004
            DestChannelState: 6
            DestChannelStateDesc: Up
            DestCallerIDNum: 2000000001
            DestCallerIDName: <unknown>
            DestConnectedLineNum: sipp
            DestConnectedLineName: sipp
            DestLanguage: en
            DestAccountCode:\s
            DestContext: from-uas
            DestExten:\s
            DestPriority: 1
            DestUniqueid: 1795713716.4
            DestLinkedid: 1795713716.3
            DialStatus: ANSWER
            """;

    @Test
    void aDialEndReachesListenersWithTheCallingChannelsUniqueidAndTheDialStatus() throws Exception {
        startClient(options(SECRET));
        client.addEventListener(heard::add);
        until("connected", () -> client.connected());

        await(server.emit(DIAL_END_ANSWER));
        until("DialEnd heard", () -> heard.stream().anyMatch(e -> e instanceof CallEvent.DialEnded));
        CallEvent.DialEnded dialEnd = (CallEvent.DialEnded) heard.stream()
                .filter(e -> e instanceof CallEvent.DialEnded).findFirst().orElseThrow();
        assertThat(dialEnd.uniqueId()).isEqualTo("1795713716.3");
        assertThat(dialEnd.destUniqueId()).isEqualTo("1795713716.4");
        assertThat(dialEnd.dialStatus()).isEqualTo("ANSWER");
    }
}
