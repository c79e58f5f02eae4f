package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AMI stream's own state as the rule modules hear it ({@link CallEvent.StreamLost},
 * {@link CallEvent.StreamRestored}), over a real socket to the emulated Asterisk, with the client on the test clock.
 */
class AmiStreamStateTest extends AmiTestSupport {
    /** The stream events and the tracker's resyncs ("resync"), in the order the client's context produced them. */
    private final List<Object> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        tracker.addListener(new CallTrackerListener() {
            @Override public void onResync(List<LiveCall> live) { heard.add("resync"); }
        });
    }

    private void startListening() throws Exception {
        client = new AmiClient(vertx, options(SECRET), tracker, clock);
        client.addEventListener(e -> {
            if (e instanceof CallEvent.StreamLost || e instanceof CallEvent.StreamRestored) heard.add(e);
        });
        await(client.start());
    }

    private long count(Class<?> type) { return heard.stream().filter(type::isInstance).count(); }

    @Test
    void aCutLinkIsLostOnceAtItsLastFrameAndRestoredOnlyWhenTheReloginsResyncIsApplied() throws Exception {
        startListening();
        until("first sync applied", () -> heard.contains("resync"));
        assertThat(heard).as("the first login is no recovery").containsExactly("resync");

        Instant lastFrame = T0.plusSeconds(10);
        clock.set(lastFrame);
        server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "acme", "", "0612345678", "Up");
        until("the channel's Newchannel arrived", () -> tracker.get("1.1").isPresent());

        int syncs = server.actionsReceived("CoreShowChannels").size();
        server.holdChannelLists(true);
        await(server.dropSessions());
        until("loss published", () -> count(CallEvent.StreamLost.class) == 1);
        assertThat(heard.get(1)).isEqualTo(new CallEvent.StreamLost(lastFrame, CallEvent.StreamLost.AMI_DOWN));

        // the relogin is up but its CoreShowChannels is unanswered: callguard does not see everything yet
        clock.set(T0.plusSeconds(20));
        until("relogin's sync asked", () -> server.actionsReceived("CoreShowChannels").size() > syncs);
        assertThat(count(CallEvent.StreamRestored.class)).isZero();
        // that link dies too before its list: the same loss, not a second one
        await(server.dropSessions());
        until("second relogin's sync asked", () -> server.actionsReceived("CoreShowChannels").size() > syncs + 1);

        Instant resync = T0.plusSeconds(30);
        clock.set(resync);
        await(server.releaseChannelLists());
        until("restoration published", () -> count(CallEvent.StreamRestored.class) == 1);
        assertThat(heard).containsExactly("resync",
                new CallEvent.StreamLost(lastFrame, CallEvent.StreamLost.AMI_DOWN),
                "resync", new CallEvent.StreamRestored(resync));
        assertThat(client.connected()).isTrue();
    }

    @Test
    void aDeadLinkNoticedByAnUnansweredPingIsLostFromItsLastFrameNotFromWhenItWasNoticed() throws Exception {
        startListening();
        until("first sync applied", () -> heard.contains("resync"));
        Instant lastFrame = T0.plusSeconds(10);
        clock.set(lastFrame);
        server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "acme", "", "0612345678", "Up");
        until("the channel's Newchannel arrived", () -> tracker.get("1.1").isPresent());

        server.unresponsive(true);
        // one ping at a time: a Ping the server got now has no answer, and the one before it was answered already
        int pings = server.actionsReceived("Ping").size();
        until("a ping left unanswered", () -> server.actionsReceived("Ping").size() > pings);
        clock.set(T0.plusSeconds(40));
        until("loss published", () -> count(CallEvent.StreamLost.class) == 1);
        assertThat(heard.get(1)).isEqualTo(new CallEvent.StreamLost(lastFrame, CallEvent.StreamLost.AMI_DOWN));

        server.unresponsive(false);
        until("restoration published", () -> count(CallEvent.StreamRestored.class) == 1);
        assertThat(heard.get(heard.size() - 1)).isEqualTo(new CallEvent.StreamRestored(T0.plusSeconds(40)));
    }

    @Test
    void asterisksShutdownEventMakesTheLossAnAsteriskRestart() throws Exception {
        // the emulator sends the frame of the real capture (asterisk-restart/ami.txt): Event: Shutdown,
        // Shutdown: Cleanly, Restart: True, then EOF
        startListening();
        until("first sync applied", () -> heard.contains("resync"));
        Instant shutdown = T0.plusSeconds(5);
        clock.set(shutdown);

        await(server.shutdown(true));
        until("loss published", () -> count(CallEvent.StreamLost.class) == 1);
        assertThat(((CallEvent.StreamLost) heard.get(1)).reason()).isEqualTo(CallEvent.StreamLost.ASTERISK_RESTART);
        assertThat(((CallEvent.StreamLost) heard.get(1)).at()).isEqualTo(shutdown);
        assertThat(((CallEvent.StreamLost) heard.get(1)).uniqueId()).isNull();

        Instant back = T0.plusSeconds(9);
        clock.set(back);
        await(server.restart());
        until("restoration published", () -> count(CallEvent.StreamRestored.class) == 1);
        assertThat(heard.get(heard.size() - 1)).isEqualTo(new CallEvent.StreamRestored(back));
        assertThat(heard.get(heard.size() - 2)).as("after the tracker's resync").isEqualTo("resync");
    }

    @Test
    void aLinkLostBeforeTheFirstSyncAndAStopPublishNothing() throws Exception {
        server.holdChannelLists(true);
        startListening();
        until("first sync asked", () -> !server.actionsReceived("CoreShowChannels").isEmpty());
        await(server.dropSessions());
        until("relogin's sync asked", () -> server.actionsReceived("CoreShowChannels").size() >= 2);
        await(server.releaseChannelLists());
        until("first sync applied", () -> heard.contains("resync"));

        await(client.stop());
        client = null;
        assertThat(heard).containsOnly("resync");
        assertThat(heard).hasSize(1);
    }

    @Test
    void aResyncWithoutALossPublishesNothing() throws Exception {
        startListening();
        until("first sync applied", () -> heard.contains("resync"));
        await(client.resync()); // completes once its list was applied
        assertThat(heard).containsExactly("resync", "resync");
    }
}
