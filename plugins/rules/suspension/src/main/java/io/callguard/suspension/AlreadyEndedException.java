package io.callguard.suspension;

/** The suspension was already lifted or cancelled (the admin API answers 409 with the message). */
public final class AlreadyEndedException extends RuntimeException {
    private final Suspension suspension;

    public AlreadyEndedException(Suspension suspension) {
        super("suspension '" + suspension.id() + "' was already "
                + (suspension.endedHow() == EndKind.CANCELLED ? "cancelled" : "lifted")
                + (suspension.endedBy() != null ? " by " + suspension.endedBy() : "")
                + (suspension.endedAt() != null ? " at " + suspension.endedAt() : ""));
        this.suspension = suspension;
    }

    /** The suspension as it stands (ended). */
    public Suspension suspension() { return suspension; }
}
