package io.callguard.suspension;

/**
 * No suspension with this id belongs to this account (unknown id, or the id of another account's suspension: the
 * two are not told apart, so that one account's ids reveal nothing about another's).
 */
public final class SuspensionNotFoundException extends RuntimeException {
    private final String accountId;
    private final String suspensionId;

    public SuspensionNotFoundException(String accountId, String suspensionId) {
        super("suspension '" + suspensionId + "' not found for account '" + accountId + "'");
        this.accountId = accountId;
        this.suspensionId = suspensionId;
    }

    public String accountId() { return accountId; }

    public String suspensionId() { return suspensionId; }
}
