package io.callguard.suspension;

/**
 * A suspension names an account the directory does not know, or a trunk that does not exist or belongs to another
 * account (the admin API answers 404 or 422 with the message).
 */
public final class UnknownTargetException extends RuntimeException {
    private final String field;
    private final String target;

    /**
     * @param field   the request field at fault: {@code accountId} or {@code trunkId}
     * @param target  the target that was named, {@code account:<id>} or {@code trunk:<id>}
     * @param message the full message, naming the field
     */
    public UnknownTargetException(String field, String target, String message) {
        super(message);
        this.field = field;
        this.target = target;
    }

    public String field() { return field; }

    public String target() { return target; }
}
