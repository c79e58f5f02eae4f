package io.callguard.asterisk.ami;

import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import io.callguard.testkit.ami.AmiFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The call-control port over AMI: each request becomes the AMI action it stands for, nothing more. */
class AmiCallControlTest extends AmiTestSupport {
    private static final OriginateRequest CLICK_TO_CALL = new OriginateRequest("PJSIP/acme-t0", "callguard-outbound",
            "0612345678", 1, Duration.ofSeconds(30), "0140000000", "acme", Map.of("CALLGUARD_CTI_ID", "call_1"),
            "cti-call_1", "cg-call_1", "cg-call_1-2");

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOriginateRequestIsAnAsynchronousOriginateActionWithEveryField() {
        AmiAction a = AmiCallControl.toAction(CLICK_TO_CALL);
        assertThat(a.get("Channel")).isEqualTo("PJSIP/acme-t0");
        assertThat(a.get("Context")).isEqualTo("callguard-outbound");
        assertThat(a.get("Exten")).isEqualTo("0612345678");
        assertThat(a.get("Priority")).isEqualTo("1");
        assertThat(a.get("Async")).isEqualTo("true");
        assertThat(a.get("Timeout")).isEqualTo("30000");
        assertThat(a.get("CallerID")).isEqualTo("0140000000");
        assertThat(a.get("Account")).isEqualTo("acme");
        assertThat(a.variables()).isEqualTo(Map.of("CALLGUARD_CTI_ID", "call_1"));
        assertThat(a.actionId()).isEqualTo("cti-call_1");
        assertThat(a.get("ChannelId")).isEqualTo("cg-call_1");
        assertThat(a.get("OtherChannelId")).isEqualTo("cg-call_1-2");
    }

    @Test
    void optionalFieldsLeftOutAreNotSent() {
        AmiAction a = AmiCallControl.toAction(new OriginateRequest("PJSIP/acme-t0", "c", "1", 1,
                Duration.ofSeconds(5), null, null, null, "x", null, null));
        assertThat(a.get("CallerID")).isNull();
        assertThat(a.get("Account")).isNull();
        assertThat(a.variables()).isNullOrEmpty();
        assertThat(a.get("ChannelId")).isNull();
        assertThat(a.get("OtherChannelId")).isNull();
    }

    @Test
    void originateHangupAndTheChannelListGoOverTheWire() throws Exception {
        server.addChannelQuietly("7.1", "7.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up");
        startClient(options(SECRET));
        until("connected and synchronised", () -> client.connected() && tracker.size() == 1);
        AmiCallControl control = new AmiCallControl(() -> client);

        OriginateReply reply = get(control.originate(CLICK_TO_CALL));
        assertThat(reply.accepted()).isTrue();
        AmiFrame sent = server.actionsReceived("Originate").get(0);
        assertThat(sent.get("Channel")).isEqualTo("PJSIP/acme-t0");
        assertThat(sent.get("ChannelId")).isEqualTo("cg-call_1");
        assertThat(sent.get("Account")).isEqualTo("acme");

        List<LiveCall> live = get(control.liveChannels());
        assertThat(live).extracting(LiveCall::uniqueId).containsExactly("7.1");
        assertThat(live.get(0).channel()).isEqualTo("PJSIP/trunk-a-00000001");
        assertThat(live.get(0).accountId()).isEqualTo("acme");
        assertThat(tracker.size()).as("a listing leaves the tracker alone").isEqualTo(1);

        control.hangup("PJSIP/trunk-a-00000001", 16);
        until("hung up", () -> tracker.size() == 0);
        assertThat(server.actionsReceived("Hangup").get(0).get("Channel")).isEqualTo("PJSIP/trunk-a-00000001");
        assertThat(server.actionsReceived("Hangup").get(0).get("Cause")).isEqualTo("16");
    }

    @Test
    void withAmiDisabledOriginateAndListFailAndAHangupIsOnlyLogged() {
        AmiCallControl control = new AmiCallControl(() -> null);
        assertThatThrownBy(() -> get(control.originate(CLICK_TO_CALL))).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("AMI is disabled (ami.enabled=false)");
        assertThatThrownBy(() -> get(control.liveChannels())).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("AMI is disabled (ami.enabled=false)");
        control.hangup("PJSIP/trunk-a-00000001", 16);
        assertThat(messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("cannot hang up PJSIP/trunk-a-00000001"));
    }

    @Test
    void withAmiDownAHangupThrowsSoThatTheCallerAsksAgain() throws Exception {
        startClient(options(SECRET));
        until("connected", () -> client.connected());
        await(server.kill());
        until("disconnect noticed", () -> !client.connected());
        AmiCallControl control = new AmiCallControl(() -> client);
        assertThatThrownBy(() -> control.hangup("PJSIP/trunk-a-00000001", 16))
                .isInstanceOf(IllegalStateException.class).hasMessage("AMI not connected");
    }
}
