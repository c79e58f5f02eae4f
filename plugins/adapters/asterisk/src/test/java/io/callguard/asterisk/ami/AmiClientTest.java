package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCall;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AmiClientTest extends AmiTestSupport {
    private final List<String> hangups = new CopyOnWriteArrayList<>();

    private void listenToHangups() {
        tracker.addListener(new CallTrackerListener() {
            @Override public void onHangup(LiveCall call, Integer cause) { hangups.add(call.uniqueId() + "/" + cause); }
        });
    }

    private Set<String> trackedIds() {
        return tracker.list().stream().map(LiveCall::uniqueId).collect(Collectors.toSet());
    }

    @Test
    void liveCallsAppearInTheTrackerAndDisappearOnHangup() throws Exception {
        listenToHangups();
        startClient(options(SECRET));
        until("connected", () -> client.connected());
        until("initial CoreShowChannels", () -> !server.actionsReceived("CoreShowChannels").isEmpty());

        server.addChannel("1795713936.69", "1795713936.69", "PJSIP/trunk-a-00000045", "acme", "0140000000",
                "0612345678", "Ring");
        server.addChannel("1795713936.70", "1795713936.69", "PJSIP/carrier-00000046", "", "0140000000", "", "Down");
        until("both legs tracked", () -> tracker.size() == 2);
        LiveCall caller = tracker.get("1795713936.69").orElseThrow();
        assertThat(caller.endpoint()).isEqualTo("trunk-a");
        assertThat(caller.accountId()).isEqualTo("acme");
        assertThat(caller.callee()).isEqualTo("0612345678");
        assertThat(tracker.get("1795713936.70").orElseThrow().linkedId()).isEqualTo("1795713936.69");

        clock.advance(Duration.ofSeconds(2));
        server.answer("1795713936.69");
        until("answered", () -> tracker.get("1795713936.69").map(LiveCall::answeredAt).isPresent());
        assertThat(tracker.get("1795713936.69").orElseThrow().answeredAt()).isEqualTo(T0.plusSeconds(2));

        server.hangup("1795713936.69", 16);
        server.hangup("1795713936.70", 16);
        until("both legs released", () -> tracker.size() == 0);
        assertThat(hangups).containsExactly("1795713936.69/16", "1795713936.70/16");
    }

    @Test
    void channelsAlreadyUpAtLoginAreLoadedByCoreShowChannels() throws Exception {
        server.addChannelQuietly("7.1", "7.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up");
        server.addChannelQuietly("7.2", "7.1", "PJSIP/carrier-00000002", "", "", "", "Up");
        startClient(options(SECRET));
        until("snapshot loaded", () -> tracker.size() == 2);
        assertThat(tracker.get("7.2").orElseThrow().linkedId()).isEqualTo("7.1");
        assertThat(tracker.get("7.1").orElseThrow().state()).isEqualTo("Up");
    }

    @Test
    void restartedAsteriskWithOtherChannelsIsResynchronisedOnReconnect() throws Exception {
        listenToHangups();
        server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "acme", "", "0612345678", "Up");
        server.addChannel("1.2", "1.1", "PJSIP/carrier-00000002", "", "", "", "Up");
        startClient(options(SECRET));
        until("first picture", () -> trackedIds().equals(Set.of("1.1", "1.2")));

        server.kill();
        until("disconnect noticed", () -> !client.connected());
        server.addChannelQuietly("2.1", "2.1", "PJSIP/trunk-b-00000000", "beta", "", "0611111111", "Up");
        await(server.restart());

        until("reconnected and resynchronised", () -> client.connected() && trackedIds().equals(Set.of("2.1")));
        assertThat(hangups).containsExactlyInAnyOrder("1.1/null", "1.2/null");
        assertThat(server.actionsReceived("CoreShowChannels")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("AMI link to") && m.contains("lost"));
    }

    @Test
    void shutdownEventThenLoginDuringBootResyncsOnFullyBooted() throws Exception {
        server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "", "", "", "Up");
        startClient(options(SECRET));
        until("first picture", () -> tracker.size() == 1);

        server.booting(true);
        await(server.shutdown(true));
        until("shutdown noticed", () -> !client.connected());
        int loginsBefore = server.successfulLogins();
        await(server.restart());
        until("logged in during boot", () -> client.connected() && server.successfulLogins() > loginsBefore
                && tracker.size() == 0);
        int syncs = server.actionsReceived("CoreShowChannels").size();

        server.addChannelQuietly("2.1", "2.1", "PJSIP/trunk-a-00000000", "", "", "", "Up");
        server.finishBoot();
        until("resynchronised after FullyBooted", () -> tracker.get("2.1").isPresent());
        assertThat(server.actionsReceived("CoreShowChannels").size()).isGreaterThan(syncs);
        assertThat(messages()).anyMatch(m -> m.contains("shutting down"));
    }

    @Test
    void wrongSecretStaysDisconnectedRetriesAndIsNeverLogged() throws Exception {
        String wrong = "Wr0ng-secret-never-logged";
        startClient(options(wrong));
        until("three refused logins", () -> server.failedLogins() >= 3);

        assertThat(client.connected()).isFalse();
        assertThat(tracker.size()).isZero();
        List<String> lines = messages();
        assertThat(lines).anyMatch(m -> m.startsWith("WARN") && m.contains("AMI login to") && m.contains("failed"));
        assertThat(lines).noneMatch(m -> m.contains(wrong) || m.contains(SECRET));
        assertThat(options(wrong).toString()).doesNotContain(wrong);
    }

    @Test
    void unansweredPingMarksTheLinkDeadAndTheClientComesBack() throws Exception {
        startClient(options(SECRET));
        until("connected", () -> client.connected());

        server.unresponsive(true);
        until("dead link noticed", () -> !client.connected());
        assertThat(messages()).anyMatch(m -> m.contains("ping unanswered") || m.contains("connection closed"));

        server.unresponsive(false);
        until("reconnected", () -> client.connected());
    }

    @Test
    void sendActionRunsOffTheEventLoopAndReturnsAsterisksResponse() throws Exception {
        server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "", "", "", "Up");
        server.addChannel("1.2", "1.1", "PJSIP/carrier-00000002", "", "", "", "Up");
        startClient(options(SECRET));
        until("tracked", () -> tracker.size() == 2);

        AmiResponse ok = await(client.sendAction(AmiAction.hangup("PJSIP/trunk-a-00000001", 16)));
        assertThat(ok.response()).isEqualTo("Success");
        until("both legs hung up", () -> tracker.size() == 0);
        assertThat(server.actionsReceived("Hangup").get(0).get("Channel")).isEqualTo("PJSIP/trunk-a-00000001");
        assertThat(server.actionsReceived("Hangup").get(0).get("Cause")).isEqualTo("16");

        AmiResponse missing = await(client.sendAction(AmiAction.hangup("PJSIP/nope-ffffffff", 16)));
        assertThat(missing.isError()).isTrue();
        assertThat(missing.message()).isEqualTo("No such channel");
    }

    @Test
    void stopLogsOffAndStopsRetrying() throws Exception {
        startClient(options(SECRET));
        until("connected", () -> client.connected());
        await(client.stop());
        assertThat(client.connected()).isFalse();
        until("logoff received", () -> !server.actionsReceived("Logoff").isEmpty());
        int logins = server.successfulLogins();
        await(server.kill());
        await(server.restart());
        // a stopped client must not come back: let several reconnectMax periods (200 ms) pass on a Vert.x timer
        Promise<Void> later = Promise.promise();
        vertx.setTimer(1000, t -> later.complete());
        await(later.future());
        assertThat(server.successfulLogins()).isEqualTo(logins);
        assertThat(server.actionsReceived("Login")).hasSize(logins);
    }
}
