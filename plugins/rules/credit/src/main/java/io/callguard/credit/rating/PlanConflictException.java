package io.callguard.credit.rating;

/** Another writer stored the same version of a plan first (another node, at the same moment): 409, try again. */
public final class PlanConflictException extends RuntimeException {
    public PlanConflictException(String message) { super(message, null, false, false); }
}
