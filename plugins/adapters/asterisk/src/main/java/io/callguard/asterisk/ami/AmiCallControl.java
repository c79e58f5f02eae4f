package io.callguard.asterisk.ami;

import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link CallControl} over the AMI client: {@code Hangup}, {@code Originate} and {@code CoreShowChannels} actions.
 * Only translates: what to hang up or place, and when, is the rules' business.
 *
 * <p>A hang-up is sent, not awaited: its outcome is only logged. When AMI is disabled (the supplier gives null) a
 * hang-up can only say so; when AMI is down it throws, so that the duration watchdog asks again at its next sweep
 * instead of believing the call was cut. Originate and the channel list fail their stage in both cases.
 */
public final class AmiCallControl implements CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(AmiCallControl.class);
    static final String DISABLED = "AMI is disabled (ami.enabled=false)";

    private final Supplier<AmiClient> ami;

    /** @param ami the running AMI client, or null when {@code ami.enabled} is false (or not started yet) */
    public AmiCallControl(Supplier<AmiClient> ami) { this.ami = Objects.requireNonNull(ami, "ami"); }

    @Override
    public void hangup(String channel, int cause) {
        AmiClient client = ami.get();
        if (client == null) {
            LOG.warn("cannot hang up {}: AMI is disabled (ami.enabled=false)", channel);
            return;
        }
        if (!client.connected()) throw new IllegalStateException("AMI not connected");
        client.sendAction(AmiAction.hangup(channel, cause)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("AMI Hangup of {} (cause {}) failed: {}", channel, cause, ar.cause().toString());
            } else if (ar.result().isError()) {
                // typically "No such channel": the call ended meanwhile
                LOG.info("AMI Hangup of {} refused by Asterisk: {}", channel, ar.result().message());
            } else {
                LOG.info("AMI Hangup of {} (cause {}) accepted", channel, cause);
            }
        });
    }

    @Override
    public CompletionStage<OriginateReply> originate(OriginateRequest request) {
        AmiAction action = toAction(request);
        AmiClient client = ami.get();
        if (client == null) return Future.<OriginateReply>failedFuture(new IllegalStateException(DISABLED)).toCompletionStage();
        // Vert.x's map keeps the original failure (no CompletionException wrapping): callers report its message
        return client.sendAction(action).map(r -> r.isError()
                ? OriginateReply.refused(r.message()) : OriginateReply.accepted(r.message())).toCompletionStage();
    }

    @Override
    public CompletionStage<List<LiveCall>> liveChannels() {
        AmiClient client = ami.get();
        if (client == null) return Future.<List<LiveCall>>failedFuture(new IllegalStateException(DISABLED)).toCompletionStage();
        return client.liveChannels().toCompletionStage();
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
