package io.callguard.caps;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.core.control.CallAdmission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Click-to-call's caps, checked by the very policy instances of the decision chain (so with their settings, and only
 * those enabled) on their shared allocations: calls per second first, then the trunk's channel cap, as the shipped
 * chain orders them. A refusal leaves nothing reserved nor counted. The other outbound rules (barring…) are not
 * checked here: they judge the dialled leg, whose refusal the call's status then reports with its reason.
 * {@link #reserve} blocks on the state backend (the click-to-call route runs on a worker); {@link #release} does not.
 */
final class CapsCallAdmission implements CallAdmission {
    /** How long calls-per-second pacing asks a refused client to wait: the window is one second. */
    private static final Duration CPS_RETRY_AFTER = Duration.ofSeconds(1);

    /** The chain's cap policies, with the chain ({@link #useChain}); null when not enabled there. */
    private volatile ChannelCapPolicy channelCap;
    private volatile CallsPerSecondPolicy callsPerSecond;
    private volatile boolean chainKnown;
    private final Directory directory;
    private final Clock clock;
    private final Duration markLife;

    /**
     * An admission that checks nothing until {@link #useChain} hands it the chain's policies (refusing to admit
     * before: the app builds its chain before any API serves).
     *
     * @param markLife how long a call counted here stays "already counted" for its own decision: the client's ring
     *                 time plus a margin, as the decision comes once the client answered
     */
    CapsCallAdmission(Directory directory, Clock clock, Duration markLife) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.markLife = Objects.requireNonNull(markLife, "markLife");
    }

    /** @param policies the decision chain's policies; the caps not enabled there are not checked here either */
    void useChain(List<Policy> policies) {
        channelCap = find(policies, ChannelCapPolicy.class);
        callsPerSecond = find(policies, CallsPerSecondPolicy.class);
        chainKnown = true;
    }

    @Override
    public Optional<Refusal> reserve(String accountId, Trunk line, boolean emergency, String holder) {
        if (!chainKnown) throw new IllegalStateException("click-to-call admission used before the decision chain was built");
        ChannelCapPolicy channelCap = this.channelCap;
        CallsPerSecondPolicy callsPerSecond = this.callsPerSecond;
        Instant now = clock.instant();
        Account account = directory.account(accountId).orElse(null);
        if (callsPerSecond != null
                && !callsPerSecond.admitAhead(accountId, account, emergency, holder, now.plus(markLife), now)) {
            return Optional.of(new Refusal(Reasons.CPS_EXCEEDED, CPS_RETRY_AFTER));
        }
        if (channelCap != null && !channelCap.reserveAhead(line, account, emergency, holder, now)) {
            if (callsPerSecond != null) callsPerSecond.refundAhead(accountId, holder);
            return Optional.of(new Refusal(Reasons.TRUNK_FULL, null));
        }
        return Optional.empty();
    }

    /** Called from AMI events on the event loop too (the Originate's answer, a hang-up): not waited for. */
    @Override
    public void release(Trunk line, String holder) {
        ChannelCapPolicy channelCap = this.channelCap;
        if (channelCap != null) channelCap.releaseAheadInBackground(line.id(), holder);
    }

    private static <T extends Policy> T find(List<Policy> policies, Class<T> type) {
        return policies.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
