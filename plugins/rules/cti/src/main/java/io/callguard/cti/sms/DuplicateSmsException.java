package io.callguard.cti.sms;

/**
 * {@link SmsRepository#insert} found the account's Idempotency-Key already taken within the idempotency period
 * (another node or thread got there first); the caller returns that SMS instead.
 */
public final class DuplicateSmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String accountId;
    private final String idempotencyKey;

    public DuplicateSmsException(String accountId, String idempotencyKey) {
        super("idempotency key already used by account " + accountId);
        this.accountId = accountId;
        this.idempotencyKey = idempotencyKey;
    }

    public String accountId() { return accountId; }

    public String idempotencyKey() { return idempotencyKey; }
}
