package io.callguard.server.caps;

import io.callguard.asterisk.ami.AmiClient;
import io.callguard.core.calls.ChannelHangup;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Hangs a channel up with an AMI {@code Hangup} action. Sends and returns: the outcome is only logged. When AMI is
 * disabled (the supplier gives null) it can only say so; when AMI is down it throws, so that the watchdog asks
 * again at its next sweep instead of believing the call was cut.
 */
public final class AmiChannelHangup implements ChannelHangup {
    private static final Logger LOG = LoggerFactory.getLogger(AmiChannelHangup.class);

    private final Supplier<AmiClient> ami;

    /** @param ami the running AMI client, or null when {@code ami.enabled} is false */
    public AmiChannelHangup(Supplier<AmiClient> ami) { this.ami = Objects.requireNonNull(ami, "ami"); }

    @Override
    public void hangup(String channel, int cause) {
        AmiClient client = ami.get();
        if (client == null) {
            LOG.warn("cannot hang up {}: AMI is disabled (ami.enabled=false)", channel);
            return;
        }
        if (!client.connected()) throw new IllegalStateException("AMI not connected");
        client.sendAction(new HangupAction(channel, cause)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("AMI Hangup of {} (cause {}) failed: {}", channel, cause, ar.cause().toString());
            } else if (ar.result() instanceof ManagerError error) {
                // typically "No such channel": the call ended meanwhile
                LOG.info("AMI Hangup of {} refused by Asterisk: {}", channel, error.getMessage());
            } else {
                LOG.info("AMI Hangup of {} (cause {}) accepted", channel, cause);
            }
        });
    }
}
