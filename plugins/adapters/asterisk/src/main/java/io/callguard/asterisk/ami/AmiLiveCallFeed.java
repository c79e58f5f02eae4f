package io.callguard.asterisk.ami;

import io.callguard.core.control.LiveCallFeed;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link LiveCallFeed} over the AMI clients: their login state and their {@code CoreShowChannels}
 * resynchronisation. With several servers it is connected while any of them is, and a resynchronisation asks every
 * connected one (each replaces its own channels only; a server that is down keeps its calls as last seen until its
 * link is back and its own resynchronisation settles them).
 */
public final class AmiLiveCallFeed implements LiveCallFeed {
    private final boolean enabled;
    private final Supplier<List<AmiClient>> clients;

    /**
     * @param enabled {@code ami.enabled}
     * @param ami     the running AMI client, or null when disabled (or not started yet)
     */
    public AmiLiveCallFeed(boolean enabled, Supplier<AmiClient> ami) {
        this(enabled, ami, 0);
    }

    private AmiLiveCallFeed(boolean enabled, Supplier<AmiClient> ami, int unused) {
        Objects.requireNonNull(ami, "ami");
        this.enabled = enabled;
        this.clients = () -> {
            AmiClient c = ami.get();
            return c == null ? List.of() : List.of(c);
        };
    }

    private AmiLiveCallFeed(Supplier<List<AmiClient>> clients, boolean enabled) {
        this.enabled = enabled;
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** @param clients the running AMI clients (empty when disabled or not started yet) */
    public static AmiLiveCallFeed of(boolean enabled, Supplier<List<AmiClient>> clients) {
        return new AmiLiveCallFeed(clients, enabled);
    }

    @Override public boolean enabled() { return enabled; }

    @Override
    public boolean connected() {
        for (AmiClient c : clients.get()) {
            if (c.connected()) return true;
        }
        return false;
    }

    @Override
    public CompletionStage<Void> resync() {
        List<AmiClient> all = clients.get();
        if (all.isEmpty()) return Future.<Void>failedFuture(new IllegalStateException(AmiCallControl.DISABLED)).toCompletionStage();
        if (all.size() == 1) return all.get(0).resync().toCompletionStage();
        List<Future<Void>> syncs = new ArrayList<>();
        for (AmiClient c : all) {
            if (c.connected()) syncs.add(c.resync());
        }
        if (syncs.isEmpty()) return Future.<Void>failedFuture(new IllegalStateException("AMI not connected")).toCompletionStage();
        return Future.all(syncs).<Void>mapEmpty().toCompletionStage();
    }
}
