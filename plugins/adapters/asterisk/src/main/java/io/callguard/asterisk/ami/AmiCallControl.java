package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallKeys;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link CallControl} over the AMI clients: {@code Hangup}, {@code Originate} and {@code CoreShowChannels} actions.
 * Only translates: what to hang up or place, and when, is the rules' business.
 *
 * <p>A hang-up is sent, not awaited: its outcome is only logged. When AMI is disabled (no client) a hang-up can only
 * say so; when AMI is down it throws, so that the duration watchdog asks again at its next sweep instead of
 * believing the call was cut. Originate and the channel list fail their stage in both cases.
 *
 * <p>With several Asterisk servers a call's key names its server ({@link CallKeys}): a call's hang-up goes to that
 * server's AMI only (two servers may have channels of the same name), an originate to the server its qualified
 * channel id names ({@link #originatedChannelId}: the first connected server, in configuration order), and the
 * channel list is every connected server's, qualified.
 */
public final class AmiCallControl implements CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(AmiCallControl.class);
    static final String DISABLED = "AMI is disabled (ami.enabled=false)";

    private final Supplier<List<AmiClient>> clients;

    /** @param ami the running AMI client, or null when {@code ami.enabled} is false (or not started yet) */
    public AmiCallControl(Supplier<AmiClient> ami) {
        Objects.requireNonNull(ami, "ami");
        this.clients = () -> {
            AmiClient c = ami.get();
            return c == null ? List.of() : List.of(c);
        };
    }

    /**
     * @param clients the running AMI clients, one per server in configuration order, each named ({@link
     *                AmiClient#name()}) when there are several; empty when AMI is disabled (or not started yet)
     */
    public static AmiCallControl of(Supplier<List<AmiClient>> clients) { return new AmiCallControl(clients, 0); }

    private AmiCallControl(Supplier<List<AmiClient>> clients, int unused) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public void hangup(String channel, int cause) {
        List<AmiClient> all = clients.get();
        if (all.isEmpty()) {
            LOG.warn("cannot hang up {}: AMI is disabled (ami.enabled=false)", channel);
            return;
        }
        if (all.size() > 1) {
            // a channel name alone does not say which Asterisk carries it (both may have one of that name)
            throw new IllegalStateException("several Asterisk servers: hang up a call by its key, not channel " + channel);
        }
        hangup(all.get(0), channel, cause);
    }

    @Override
    public void hangup(LiveCall call, int cause) {
        List<AmiClient> all = clients.get();
        if (all.size() <= 1) {
            hangup(call.channel(), cause);
            return;
        }
        AmiClient owner = owner(all, call.uniqueId());
        if (owner == null) {
            throw new IllegalStateException("call " + call.uniqueId() + " names no configured Asterisk server");
        }
        hangup(owner, call.channel(), cause);
    }

    private static void hangup(AmiClient client, String channel, int cause) {
        String on = client.name() == null ? "" : " on " + client.name();
        if (!client.connected()) throw new IllegalStateException("AMI not connected" + on);
        client.sendAction(AmiAction.hangup(channel, cause)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("AMI Hangup of {}{} (cause {}) failed: {}", channel, on, cause, ar.cause().toString());
            } else if (ar.result().isError()) {
                // typically "No such channel": the call ended meanwhile
                LOG.info("AMI Hangup of {}{} refused by Asterisk: {}", channel, on, ar.result().message());
            } else {
                LOG.info("AMI Hangup of {}{} (cause {}) accepted", channel, on, cause);
            }
        });
    }

    /** The client of the server {@code key} is qualified with, null when none is. */
    private static AmiClient owner(List<AmiClient> all, String key) {
        String server = CallKeys.serverOf(key);
        if (server == null) return null;
        for (AmiClient c : all) {
            if (server.equals(c.name())) return c;
        }
        return null;
    }

    /** With several servers, {@code channelId} qualified with the first connected one (else the first). */
    @Override
    public String originatedChannelId(String channelId) {
        List<AmiClient> all = clients.get();
        if (all.size() <= 1 || channelId == null) return channelId;
        AmiClient chosen = all.stream().filter(AmiClient::connected).findFirst().orElse(all.get(0));
        return chosen.key(channelId);
    }

    @Override
    public CompletionStage<OriginateReply> originate(OriginateRequest request) {
        List<AmiClient> all = clients.get();
        if (all.isEmpty()) return Future.<OriginateReply>failedFuture(new IllegalStateException(DISABLED)).toCompletionStage();
        AmiClient client = all.get(0);
        OriginateRequest sent = request;
        if (all.size() > 1) {
            String key = request.channelId() != null ? request.channelId() : originatedChannelId("");
            AmiClient owner = owner(all, key);
            if (owner == null && request.channelId() != null) {
                return Future.<OriginateReply>failedFuture(new IllegalStateException("channel id " + request.channelId()
                        + " names no configured Asterisk server")).toCompletionStage();
            }
            if (owner != null) client = owner;
            else client = all.stream().filter(AmiClient::connected).findFirst().orElse(all.get(0));
            sent = new OriginateRequest(request.channel(), request.context(), request.exten(), request.priority(),
                    request.ringTimeout(), request.callerId(), request.account(), request.variables(),
                    request.correlationId(), CallKeys.localId(request.channelId()), CallKeys.localId(request.otherChannelId()));
        }
        AmiAction action = toAction(sent);
        // Vert.x's map keeps the original failure (no CompletionException wrapping): callers report its message
        return client.sendAction(action).map(r -> r.isError()
                ? OriginateReply.refused(r.message()) : OriginateReply.accepted(r.message())).toCompletionStage();
    }

    @Override
    public CompletionStage<List<LiveCall>> liveChannels() {
        List<AmiClient> all = clients.get();
        if (all.isEmpty()) return Future.<List<LiveCall>>failedFuture(new IllegalStateException(DISABLED)).toCompletionStage();
        if (all.size() == 1) return all.get(0).liveChannels().toCompletionStage();
        List<Future<List<LiveCall>>> lists = new ArrayList<>();
        for (AmiClient c : all) lists.add(c.liveChannels());
        return Future.all(lists).map(done -> {
            List<LiveCall> out = new ArrayList<>();
            for (Future<List<LiveCall>> f : lists) out.addAll(f.result());
            return (List<LiveCall>) out;
        }).toCompletionStage();
    }

    /**
     * The AMI Originate for {@code r}: always asynchronous ({@code Async: true}, its answer an OriginateResponse
     * event), the ring timeout in milliseconds, its ActionID the request's correlation id, one
     * {@code Variable: name=value} line per variable.
     */
    static AmiAction toAction(OriginateRequest r) {
        AmiAction a = AmiAction.named("Originate").add("Channel", r.channel()).add("Context", r.context())
                .add("Exten", r.exten()).add("Priority", Integer.toString(r.priority()))
                .add("Timeout", Long.toString(r.ringTimeout().toMillis())).add("CallerID", r.callerId())
                .add("Account", r.account()).add("Async", "true")
                .add("ChannelId", r.channelId()).add("OtherChannelId", r.otherChannelId());
        if (r.variables() != null) r.variables().forEach((k, v) -> a.add("Variable", k + "=" + v));
        return a.actionId(r.correlationId());
    }
}
