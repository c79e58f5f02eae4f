package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallMdc;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.CallEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one AMI server's call events do in callguard, apart from the link that reads them ({@link AmiClient}): each is
 * applied to the call tracker and told, as a {@link CallEvent}, to the listeners (records, click-to-call), in their
 * order, each isolated (one that throws is logged and the others still hear it); with the call's uniqueid and
 * account in the MDC while it is handled, restored afterwards.
 */
final class AmiCallEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AmiCallEvents.class);

    private final AmiEventTranslator translator;
    private final List<CallEventListener> listeners = new CopyOnWriteArrayList<>();

    AmiCallEvents(AmiEventTranslator translator) { this.translator = Objects.requireNonNull(translator, "translator"); }

    void addListener(CallEventListener listener) { listeners.add(Objects.requireNonNull(listener, "listener")); }

    /**
     * @param correlation the caller's ActionID of an {@code OriginateResponse} (what callguard sent with its own
     *                    prefix taken off), null for the other events
     */
    void handle(AmiEvent event, String correlation) {
        String rawId = AmiEventTranslator.uniqueIdOf(event);
        String callId = rawId == null ? null : translator.key(rawId); // this server's key, as the tracker has it
        String uniqueId = null;
        String accountId = null;
        if (callId != null) {
            uniqueId = CallMdc.uniqueId();
            accountId = CallMdc.accountId();
            CallMdc.set(callId, translator.accountOf(event, callId));
        }
        try {
            translator.apply(event);
            if (!listeners.isEmpty()) {
                CallEvent published = translator.callEvent(event, correlation);
                if (published != null) tell(published);
            }
        } finally {
            if (callId != null) CallMdc.restore(uniqueId, accountId);
        }
    }

    /** Tells every listener {@code event} (the stream's own events too: lost, restored). */
    void tell(CallEvent event) {
        for (CallEventListener listener : listeners) {
            try {
                listener.onCallEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("AMI event listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
