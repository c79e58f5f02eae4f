package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCall;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmiLiveCallFeedTest extends AmiTestSupport {
    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aResyncRebuildsTheTrackerFromCoreShowChannelsAndItsListenersHearIt() throws Exception {
        AtomicInteger resyncs = new AtomicInteger();
        tracker.addListener(new CallTrackerListener() {
            @Override public void onResync(List<LiveCall> live) { resyncs.incrementAndGet(); }
        });
        AmiLiveCallFeed feed = new AmiLiveCallFeed(true, () -> client);
        assertThat(feed.enabled()).isTrue();
        assertThat(feed.connected()).as("no client yet").isFalse();
        startClient(options(SECRET));
        until("connected and synchronised once", () -> client.connected() && resyncs.get() == 1);
        assertThat(feed.connected()).isTrue();
        // a channel Asterisk did not report by an event: only a fresh CoreShowChannels shows it
        get(server.addChannelQuietly("7.1", "7.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up")
                .toCompletionStage()); // on the emulator's context: wait for it, or the resync may not see it

        get(feed.resync());

        assertThat(tracker.size()).isEqualTo(1);
        assertThat(resyncs.get()).isEqualTo(2);
        assertThat(server.actionsReceived("CoreShowChannels")).hasSize(2);
    }

    @Test
    void disabledItIsNeitherConnectedNorAbleToResync() {
        AmiLiveCallFeed feed = new AmiLiveCallFeed(false, () -> null);
        assertThat(feed.enabled()).isFalse();
        assertThat(feed.connected()).isFalse();
        assertThatThrownBy(() -> get(feed.resync())).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("AMI is disabled (ami.enabled=false)");
    }
}
