package io.callguard.cti.sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An accepted SMS as stored.
 *
 * @param id             public id returned with 202 ({@code sms_<uuid>})
 * @param accountId      owning account
 * @param keyId          API key that sent it
 * @param from           sender, national form, one of the account's numbers
 * @param to             recipient, normalised ({@code 0612345678}, {@code +4915…}, {@code 114})
 * @param text           the text
 * @param encoding       GSM7 or UCS2
 * @param segments       parts on the air
 * @param emergency      sent to an emergency number (114): never limited, never refused for suspension
 * @param idempotencyKey client's Idempotency-Key, may be null
 * @param statusCallback http(s) URL told of every status change, may be null
 * @param acceptedAt     when it was accepted (stored)
 * @param status         current status
 * @param attempts       SIP MESSAGE attempts started so far
 * @param history        every status entered, oldest first; starts with QUEUED at acceptedAt
 */
public record SmsMessage(String id, String accountId, String keyId, String from, String to, String text,
                         SmsEncoding encoding, int segments, boolean emergency, String idempotencyKey,
                         String statusCallback, Instant acceptedAt, SmsStatus status, int attempts,
                         List<SmsStatusChange> history) {
    public SmsMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(status, "status");
        history = List.copyOf(history);
    }

    /** A new SMS: QUEUED at {@code acceptedAt}, no attempt yet. */
    public static SmsMessage queued(String id, String accountId, String keyId, String from, String to, String text,
                                    TextAnalysis analysis, boolean emergency, String idempotencyKey,
                                    String statusCallback, Instant acceptedAt) {
        return new SmsMessage(id, accountId, keyId, from, to, text, analysis.encoding(), analysis.segments(),
                emergency, idempotencyKey, statusCallback, acceptedAt, SmsStatus.QUEUED, 0,
                List.of(new SmsStatusChange(SmsStatus.QUEUED, acceptedAt, null, null)));
    }

    /** The last status change. */
    public SmsStatusChange lastChange() { return history.get(history.size() - 1); }

    public SmsMessage withAttempts(int n) {
        return new SmsMessage(id, accountId, keyId, from, to, text, encoding, segments, emergency, idempotencyKey,
                statusCallback, acceptedAt, status, n, history);
    }

    public SmsMessage withChange(SmsStatusChange change) {
        List<SmsStatusChange> h = new ArrayList<>(history);
        h.add(change);
        return new SmsMessage(id, accountId, keyId, from, to, text, encoding, segments, emergency, idempotencyKey,
                statusCallback, acceptedAt, change.status(), attempts, h);
    }

    /** Same request as another (for an Idempotency-Key reused with different content). */
    public boolean sameRequest(String from, String to, String text, String statusCallback) {
        return this.from.equals(from) && this.to.equals(to) && this.text.equals(text)
                && Objects.equals(this.statusCallback, statusCallback);
    }
}
