package io.callguard.asterisk.ami;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners hear OriginateResponse (its ActionID as the sender set it), DialEnd and Hangup, on the client's context. */
class AmiEventListenerTest extends AmiTestSupport {
    private final List<ManagerEvent> heard = new CopyOnWriteArrayList<>();
    private final List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();

    @Test
    void anOriginateResponseReachesListenersWithTheActionIdTheSenderSetWithoutAsteriskJavasPrefix() throws Exception {
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

        OriginateAction originate = new OriginateAction();
        originate.setChannel("PJSIP/acme-t0");
        originate.setContext("callguard-outbound");
        originate.setExten("0612345678");
        originate.setPriority(1);
        originate.setAsync(Boolean.TRUE);
        originate.setActionId("cg-call_1");
        originate.setChannelId("cg-chan_1");
        ManagerResponse queued = await(client.sendAction(originate));
        assertThat(queued.getResponse()).isEqualTo("Success");

        until("OriginateResponse heard", () -> heard.stream().anyMatch(e -> e instanceof OriginateResponseEvent));
        OriginateResponseEvent response = (OriginateResponseEvent) heard.stream()
                .filter(e -> e instanceof OriginateResponseEvent).findFirst().orElseThrow();
        assertThat(response.getActionId()).isEqualTo("cg-call_1");
        assertThat(response.getResponse()).isEqualTo("Success");
        assertThat(response.getUniqueId()).isEqualTo("cg-chan_1");
        assertThat(response.getReason()).isEqualTo(4);
        assertThat(server.actionsReceived("Originate").get(0).get("ActionID"))
                .as("asterisk-java did prefix it on the wire").isNotEqualTo("cg-call_1").endsWith("cg-call_1");

        server.addChannel("1795713936.69", "1795713936.69", "PJSIP/acme-t0-00000001", "acme", "0140000000", "", "Up");
        server.hangup("1795713936.69", 17);
        until("Hangup heard", () -> heard.stream().anyMatch(e -> e instanceof HangupEvent));
        HangupEvent hangup = (HangupEvent) heard.stream().filter(e -> e instanceof HangupEvent).findFirst().orElseThrow();
        assertThat(hangup.getUniqueId()).isEqualTo("1795713936.69");
        assertThat(hangup.getCause()).isEqualTo(17);
        assertThat(tracker.size()).as("the tracker still saw the hangup").isZero();
        assertThat(onEventLoop).containsOnly(true);
        assertThat(heard).allMatch(e -> e instanceof OriginateResponseEvent || e instanceof HangupEvent);
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
        until("DialEnd heard", () -> heard.stream().anyMatch(e -> e instanceof DialEndEvent));
        DialEndEvent dialEnd = (DialEndEvent) heard.stream().filter(e -> e instanceof DialEndEvent).findFirst()
                .orElseThrow();
        assertThat(dialEnd.getUniqueId()).isEqualTo("1795713716.3");
        assertThat(dialEnd.getDestUniqueId()).isEqualTo("1795713716.4");
        assertThat(dialEnd.getDialStatus()).isEqualTo("ANSWER");
    }
}
