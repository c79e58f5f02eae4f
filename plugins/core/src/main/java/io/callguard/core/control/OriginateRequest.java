package io.callguard.core.control;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A call to place: ring {@code channel} first; when it answers, run {@code context}/{@code exten}/{@code priority}
 * as if that channel had dialled it. Always asynchronous: the answer of the first leg is reported by a
 * {@link CallEvent.OriginateResult}.
 *
 * @param channel        the endpoint to ring first, e.g. {@code PJSIP/acme-t0}
 * @param context        dialplan context run once {@code channel} answers
 * @param exten          extension run in {@code context}
 * @param priority       priority run in {@code context}
 * @param ringTimeout    how long {@code channel} may ring
 * @param callerId       caller id presented, null for the endpoint's own
 * @param account        account code of the new channel, null for none
 * @param variables      channel variables set on the new channel
 * @param correlationId  identifies this request in its {@link CallEvent.OriginateResult}
 * @param channelId      Uniqueid the first leg gets, null to let the platform choose
 * @param otherChannelId Uniqueid of the second (local) leg, null to let the platform choose
 */
public record OriginateRequest(String channel, String context, String exten, int priority, Duration ringTimeout,
                               String callerId, String account, Map<String, String> variables, String correlationId,
                               String channelId, String otherChannelId) {
    public OriginateRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(exten, "exten");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(correlationId, "correlationId");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        if (priority < 1) throw new IllegalArgumentException("priority must be at least 1");
        if (ringTimeout.isNegative() || ringTimeout.isZero()) throw new IllegalArgumentException("ringTimeout must be positive");
    }
}
