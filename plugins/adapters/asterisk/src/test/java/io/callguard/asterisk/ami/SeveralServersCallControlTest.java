package io.callguard.asterisk.ami;

import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.OriginateRequest;
import io.callguard.testkit.ami.AmiFrame;
import io.callguard.testkit.ami.EmulatedAmiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The call-control port over two Asterisk servers that number their channels alike: hang-ups go to the server
 * the call's key names, originates to the server their qualified channel id names (the id sent bare), and the
 * events and channel lists come back qualified.
 */
class SeveralServersCallControlTest extends AmiTestSupport {
    private EmulatedAmiServer other;
    private AmiClient a;
    private AmiClient b;

    @AfterEach
    void stopOther() throws Exception {
        if (a != null) await(a.stop());
        if (b != null) await(b.stop());
        if (other != null) await(other.close());
    }

    private AmiOptions at(EmulatedAmiServer s) {
        return new AmiOptions("127.0.0.1", s.port(), USER, SECRET, Duration.ofMillis(200), Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @Test
    void eachCallIsCutOnItsOwnServerAndOriginatesGoWhereTheirKeySays() throws Exception {
        other = new EmulatedAmiServer(vertx, USER, SECRET).loginFailureDelay(Duration.ofMillis(20));
        await(other.start());
        // the same Uniqueid and channel name on both servers
        server.addChannelQuietly("7.1", "7.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up");
        other.addChannelQuietly("7.1", "7.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up");
        AmiFirstSyncs syncs = new AmiFirstSyncs(List.of("pbx-a", "pbx-b"));
        a = new AmiClient(vertx, at(server), tracker, clock, "pbx-a", syncs);
        b = new AmiClient(vertx, at(other), tracker, clock, "pbx-b", syncs);
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        b.addEventListener(events::add);
        await(a.start());
        await(b.start());
        until("both synchronised", () -> tracker.size() == 2);
        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactlyInAnyOrder("pbx-a/7.1", "pbx-b/7.1");

        AmiCallControl control = AmiCallControl.of(() -> List.of(a, b));
        List<LiveCall> live = control.liveChannels().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(live).extracting(LiveCall::uniqueId).containsExactlyInAnyOrder("pbx-a/7.1", "pbx-b/7.1");

        assertThatThrownBy(() -> control.hangup("PJSIP/trunk-a-00000001", 16)).as("which server's channel?")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("several Asterisk servers");
        control.hangup(tracker.get("pbx-b/7.1").orElseThrow(), 16);
        until("pbx-b's call hung up", () -> tracker.get("pbx-b/7.1").isEmpty());
        assertThat(other.actionsReceived("Hangup")).hasSize(1);
        assertThat(server.actionsReceived("Hangup")).isEmpty();
        assertThat(tracker.get("pbx-a/7.1")).isPresent();
        assertThat(events).filteredOn(CallEvent.HungUp.class::isInstance).extracting(CallEvent::uniqueId)
                .containsExactly("pbx-b/7.1");

        String channelId = control.originatedChannelId("cg-call_1");
        assertThat(channelId).as("the first connected server").isEqualTo("pbx-a/cg-call_1");
        String onB = b.key("cg-call_2");
        control.originate(new OriginateRequest("PJSIP/acme-t0", "callguard-outbound", "0612345678", 1,
                Duration.ofSeconds(30), null, "acme", Map.of(), "cti-call_2", onB, null))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        AmiFrame sent = other.actionsReceived("Originate").get(0);
        assertThat(sent.get("ChannelId")).as("Asterisk gets its own id").isEqualTo("cg-call_2");
        assertThat(server.actionsReceived("Originate")).isEmpty();
        until("its result, qualified", () -> events.stream().anyMatch(e -> e instanceof CallEvent.OriginateResult));
        CallEvent.OriginateResult result = events.stream().filter(CallEvent.OriginateResult.class::isInstance)
                .map(CallEvent.OriginateResult.class::cast).findFirst().orElseThrow();
        assertThat(result.correlationId()).isEqualTo("cti-call_2");
        if (result.uniqueId() != null) assertThat(result.uniqueId()).startsWith("pbx-b/");
    }
}
