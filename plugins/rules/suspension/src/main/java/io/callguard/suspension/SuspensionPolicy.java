package io.callguard.suspension;

import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * R3–R6 (CGV 8.2, 8.4, 12.1): a suspended line may still call emergency numbers and still receive calls, nothing
 * else. Reads the {@link SuspensionBook} only (memory, no lock, no database).
 *
 * <ul>
 *   <li>OUTBOUND, not to an emergency number, and the account (account-wide suspension) or the call's trunk
 *       (trunk-level suspension) is suspended at the call's instant → DENY {@code LINE_SUSPENDED}, cause 21 (SIP 403),
 *       prompt {@code callguard/line-suspended}.</li>
 *   <li>An emergency call passes (the {@code emergency} policy settles it first; this guard keeps R6 if the chain is
 *       ever configured otherwise).</li>
 *   <li>INBOUND passes: a suspended line keeps receiving calls; the later policies (the channel cap) still apply.</li>
 *   <li>When the call's trunk belongs to another account than the call's account code, that trunk's owner's
 *       suspensions apply too: a mismatched account code never lets a suspended trunk call out.</li>
 * </ul>
 * Place it right after {@code emergency}, so that a refused call spends no channel or calls-per-second budget.
 */
public final class SuspensionPolicy implements Policy {
    public static final String NAME = "suspension";
    public static final Decision DENY_LINE_SUSPENDED =
            Decision.deny(Reasons.LINE_SUSPENDED, Reasons.CAUSE_CALL_REJECTED, Reasons.PROMPT_LINE_SUSPENDED);

    private static final Logger LOG = LoggerFactory.getLogger(SuspensionPolicy.class);
    private static final CompletionStage<Optional<Decision>> SUSPENDED = Policy.settle(DENY_LINE_SUSPENDED);

    private final SuspensionBook book;
    private final Directory directory;

    public SuspensionPolicy(SuspensionBook book, Directory directory) {
        this.book = Objects.requireNonNull(book, "book");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        if (call.direction() != Direction.OUTBOUND || call.isEmergency()) return Policy.pass();
        if (blocked(call)) {
            // DEBUG: a suspended PBX may retry in a loop; the decision itself is recorded with its reason.
            LOG.debug("outbound call {} of account {} on trunk {} refused: line suspended", call.uniqueId(),
                    call.accountId(), call.trunkId());
            return SUSPENDED;
        }
        return Policy.pass();
    }

    private boolean blocked(CallContext call) {
        if (book.outboundBlocked(call.accountId(), call.trunkId(), call.at())) return true;
        if (call.trunk() == null && !call.trunkId().isEmpty()) {
            // The trunk exists but the call's account code names another account (CallContext drops it then).
            Trunk owner = directory.trunk(call.trunkId()).orElse(null);
            return owner != null && !owner.accountId().equals(call.accountId())
                    && book.outboundBlocked(owner.accountId(), owner.id(), call.at());
        }
        return false;
    }
}
