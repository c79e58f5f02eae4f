package io.callguard.asterisk.ami;

import io.callguard.core.control.LiveCallFeed;
import io.vertx.core.Future;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** {@link LiveCallFeed} over the AMI client: its login state and its {@code CoreShowChannels} resynchronisation. */
public final class AmiLiveCallFeed implements LiveCallFeed {
    private final boolean enabled;
    private final Supplier<AmiClient> ami;

    /**
     * @param enabled {@code ami.enabled}
     * @param ami     the running AMI client, or null when disabled (or not started yet)
     */
    public AmiLiveCallFeed(boolean enabled, Supplier<AmiClient> ami) {
        this.enabled = enabled;
        this.ami = Objects.requireNonNull(ami, "ami");
    }

    @Override public boolean enabled() { return enabled; }

    @Override
    public boolean connected() {
        AmiClient client = ami.get();
        return client != null && client.connected();
    }

    @Override
    public CompletionStage<Void> resync() {
        AmiClient client = ami.get();
        if (client == null) return Future.<Void>failedFuture(new IllegalStateException(AmiCallControl.DISABLED)).toCompletionStage();
        return client.resync().toCompletionStage();
    }
}
