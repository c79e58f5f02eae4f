package io.callguard.core.policy.builtin;

import io.callguard.core.directory.Directory;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The last word of the chain; always settles. A call of a known account is allowed with that account's maximum
 * duration (R1). A call of an unknown account is denied by default ({@code unknownAccount: deny}):
 * outbound with UNKNOWN_ACCOUNT (cause 21 → SIP 403), inbound to a number assigned to nobody with UNKNOWN_NUMBER
 * (cause 1 → SIP 404). With {@code unknownAccount: allow} those calls are allowed for {@code defaultMaxSeconds},
 * with the same reason so that they can be told apart.
 */
public final class DefaultPolicy implements Policy {
    public static final String NAME = "default";
    public static final String SETTING_UNKNOWN_ACCOUNT = "unknownAccount";
    public static final String SETTING_DEFAULT_MAX_SECONDS = "defaultMaxSeconds";

    public static final Decision DENY_UNKNOWN_ACCOUNT =
            Decision.deny(Reasons.UNKNOWN_ACCOUNT, Reasons.CAUSE_CALL_REJECTED, Reasons.PROMPT_UNKNOWN_ACCOUNT);
    public static final Decision DENY_UNKNOWN_NUMBER =
            Decision.deny(Reasons.UNKNOWN_NUMBER, Reasons.CAUSE_UNALLOCATED_NUMBER, Reasons.PROMPT_UNKNOWN_NUMBER);

    private final Directory directory;
    private final CompletionStage<Optional<Decision>> unknownAccount;
    private final CompletionStage<Optional<Decision>> unknownNumber;

    /**
     * @param directory         to tell an unassigned inbound number from a number whose account is missing
     * @param allowUnknown      true to allow calls of unknown accounts instead of denying them
     * @param defaultMaxSeconds the maximum duration of such allowed calls
     */
    public DefaultPolicy(Directory directory, boolean allowUnknown, long defaultMaxSeconds) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (defaultMaxSeconds <= 0) throw new IllegalArgumentException("defaultMaxSeconds must be positive: " + defaultMaxSeconds);
        // Built once: the unknown-account answers do not depend on the call.
        this.unknownAccount = Policy.settle(allowUnknown
                ? Decision.allow(Reasons.UNKNOWN_ACCOUNT, defaultMaxSeconds) : DENY_UNKNOWN_ACCOUNT);
        this.unknownNumber = Policy.settle(allowUnknown
                ? Decision.allow(Reasons.UNKNOWN_NUMBER, defaultMaxSeconds) : DENY_UNKNOWN_NUMBER);
    }

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        if (call.account() != null) return Policy.settle(Decision.allow(call.account().maxCallSeconds()));
        if (call.direction() == Direction.INBOUND && directory.number(call.callee().normalized()).isEmpty()) {
            return unknownNumber;
        }
        return unknownAccount;
    }
}
