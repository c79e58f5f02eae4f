package io.callguard.cti.calls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A click-to-call.
 *
 * @param id        public id ({@code call_<uuid>}); also the {@code CALLGUARD_CTI_ID} channel variable
 * @param accountId owning account
 * @param keyId     key that placed it
 * @param line      the client's trunk rung first ({@code PJSIP/<line>})
 * @param to        destination, normalised; the Exten of the Originate
 * @param actionId  ActionID of the Originate, matches its OriginateResponse
 * @param channelId Uniqueid requested for the client's leg (Originate ChannelId), matches its Hangup
 * @param uniqueId  Uniqueid reported by OriginateResponse, null until then
 * @param status    current status
 * @param history   every status entered, oldest first
 */
public record CtiCall(String id, String accountId, String keyId, String line, String to, String actionId,
                      String channelId, String uniqueId, CtiCallStatus status, List<CtiCallChange> history) {
    public CtiCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(status, "status");
        history = List.copyOf(history);
    }

    public Instant requestedAt() { return history.get(0).at(); }

    /** callguard's reason for the current status when callguard refused the call, else null. */
    public String reason() { return history.get(history.size() - 1).reason(); }

    public CtiCall withChange(CtiCallChange change) {
        List<CtiCallChange> h = new ArrayList<>(history);
        h.add(change);
        return new CtiCall(id, accountId, keyId, line, to, actionId, channelId, uniqueId, change.status(), h);
    }

    public CtiCall withUniqueId(String u) {
        return new CtiCall(id, accountId, keyId, line, to, actionId, channelId, u, status, history);
    }
}
