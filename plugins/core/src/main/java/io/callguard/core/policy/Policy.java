package io.callguard.core.policy;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One rule of the contract, judged on a plain {@link CallContext}. A policy either settles the call (returns a
 * decision, ALLOW or DENY, and the chain stops there) or passes (empty) and lets the next policy judge.
 * Policies are built once from configuration by their {@link PolicyProvider} and called concurrently.
 *
 * <p>A policy may also annotate an ALLOW that another policy settled, without settling anything itself, through
 * {@link #refine}: the tariff announcement of an 08 number (R9), a lower duration limit…
 *
 * <p>Most policies answer from memory and return {@link #pass()} or {@link #settle(Decision)}, which are
 * already-completed stages; a policy backed by a remote state may complete later, and the FastAGI deadline then
 * decides for it.
 */
public interface Policy {
    CompletionStage<Optional<Decision>> PASS = CompletableFuture.completedFuture(Optional.empty());

    /** Short name, as in the configuration's policy list. */
    String name();

    CompletionStage<Optional<Decision>> evaluate(CallContext call);

    /**
     * Refine phase: called with the settled decision when it is an ALLOW, on every policy of the chain in chain
     * order (whoever settled, asked or not), after the settle and before {@link #onDecided}; each policy gets the
     * decision as the previous ones refined it. Returns the decision to go on with: the same one (the default) or
     * an ALLOW derived from it ({@link Decision#withAnnouncement}, {@link Decision#withMaxSeconds}). It must not
     * settle: a refine that answers null or a DENY is ignored, and so is one that throws; the decision stands
     * and the chain logs it. Runs on the decision path, synchronously: answer from memory.
     */
    default Decision refine(CallContext call, Decision decision) { return decision; }

    /**
     * Called once with the final decision of every call that went through the chain, whoever settled it and
     * whether or not this policy was asked: a policy that reserved something (a channel slot) gives it back when
     * a later policy denied the call, and a policy placed after the one that settled still sees the call (the
     * channel cap counts an emergency call). Not called when the decision failed.
     */
    default void onDecided(CallContext call, Decision decision) { }

    static CompletionStage<Optional<Decision>> pass() { return PASS; }

    static CompletionStage<Optional<Decision>> settle(Decision decision) {
        return CompletableFuture.completedFuture(Optional.of(decision));
    }
}
