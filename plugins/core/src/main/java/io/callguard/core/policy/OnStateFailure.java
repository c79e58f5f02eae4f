package io.callguard.core.policy;

import io.callguard.core.state.StateCalls;
import io.callguard.core.state.StateUnavailableException;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a policy backed by the state port does when a state call failed or did not answer within
 * {@code state.timeout} ({@link StateCalls}): its setting {@code policy.<name>.onStateFailure}.
 * <ul>
 *   <li>{@code fail} (default): the decision fails, so the adapter's own failure mode decides as for any policy
 *       failure ({@code fastagi.failureMode}: {@code open} allows with reason {@code ERROR}, {@code closed} refuses
 *       with cause 34), the policies after this one unasked;</li>
 *   <li>{@code pass}: this rule is skipped for the call (not counted by it) and the next policies still judge it;</li>
 *   <li>{@code deny}: DENY {@value #REASON}, cause 34, prompt {@code callguard/service-unavailable}.</li>
 * </ul>
 * Emergency calls never reach a state call on the decision path (the {@code emergency} policy settles them first, and
 * every state-backed policy passes them untouched); {@link #decide} passes one all the same.
 */
public enum OnStateFailure {
    FAIL, PASS, DENY;

    public static final String SETTING = "onStateFailure";
    public static final String REASON = "STATE_UNAVAILABLE";
    public static final Decision DENY_STATE_UNAVAILABLE = Decision.deny(REASON, FailurePolicy.TEMPORARY_FAILURE,
            FailurePolicy.SERVICE_UNAVAILABLE_PROMPT);
    private static final CompletionStage<Optional<Decision>> DENIED = Policy.settle(DENY_STATE_UNAVAILABLE);

    /** The policy's {@value #SETTING} ({@code fail}, {@code pass} or {@code deny}), {@code fail} when absent. */
    public static OnStateFailure from(PolicySettings settings) {
        return switch (settings.choice(SETTING, "fail", "fail", "pass", "deny")) {
            case "pass" -> PASS;
            case "deny" -> DENY;
            default -> FAIL;
        };
    }

    /**
     * The answer of {@code policy} for {@code call} after its state call {@code operation} failed with {@code error}:
     * counted and logged through {@code calls} (rate-limited), then this mode.
     */
    public CompletionStage<Optional<Decision>> decide(String policy, CallContext call, String operation,
                                                      Throwable error, StateCalls calls) {
        calls.failed(policy, operation, error);
        if (call.isEmergency()) return Policy.pass();
        return switch (this) {
            case PASS -> Policy.pass();
            case DENY -> DENIED;
            case FAIL -> {
                Throwable e = StateCalls.unwrap(error);
                yield CompletableFuture.failedFuture(e instanceof StateUnavailableException ? e
                        : new StateUnavailableException(operation + ": the state backend failed: " + e, e));
            }
        };
    }
}
