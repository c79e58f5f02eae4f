package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst like a busy Asterisk without event filters: 200 two-leg calls of 100 frames each (94 of them VarSet
 * noise) = 20,000 frames as fast as the socket takes them. Every leg must be tracked and released: the listener
 * only hears hangups of legs the tracker knew, so 400 distinct hangups prove that no Newchannel and no Hangup
 * was lost.
 */
class AmiThroughputTest extends AmiTestSupport {
    private static final int CALLS = 200;
    private static final int NOISE_PER_CALL = 94;

    @Test
    void twentyThousandFramesLoseNoCall() throws Exception {
        Set<String> released = ConcurrentHashMap.newKeySet();
        AtomicInteger peak = new AtomicInteger();
        tracker.addListener(new CallTrackerListener() {
            @Override public void onHangup(LiveCall call, Integer cause) {
                peak.accumulateAndGet(tracker.size() + 1, Math::max);
                if (cause != null && cause == 16) released.add(call.uniqueId());
            }
        });
        startClient(options(SECRET));
        until("connected and synchronised", () -> client.connected()
                && !server.actionsReceived("CoreShowChannels").isEmpty());

        int sent = await(server.emitLoad(CALLS, 20, NOISE_PER_CALL));
        assertThat(sent).isGreaterThanOrEqualTo(20_000);

        until("every leg released", Duration.ofSeconds(60), () -> released.size() == 2 * CALLS);
        assertThat(tracker.size()).isZero();
        assertThat(peak.get()).as("a wave of 20 calls was live at once").isGreaterThanOrEqualTo(40);
        assertThat(client.connected()).isTrue();
        assertThat(messages()).noneMatch(m -> m.contains("queue is full"));
    }
}
