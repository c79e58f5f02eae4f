package io.callguard.tariff;

import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * R9: an inbound call to a client's 08 number hears the tariff announcement of its service charge, free, before it
 * is answered. This policy never settles a call (the other rules decide as usual); it refines an ALLOW of an
 * inbound call to an 08 special number with {@code CALLGUARD_ANNOUNCEMENT}: the prompt of the number's charge
 * when the announcement is due ({@link TariffRules#announcementDue}), else empty (080x, 0806–0809, option off,
 * or no tariff known), so that the dialplan knows nothing is to be played. Other calls are left as they are.
 */
public final class TariffAnnouncementPolicy implements Policy {
    public static final String NAME = "tariff-announcement";

    private final Directory directory;

    public TariffAnnouncementPolicy(Directory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) { return Policy.pass(); }

    @Override
    public Decision refine(CallContext call, Decision decision) {
        if (call.direction() != Direction.INBOUND) return decision;
        ClassifiedNumber callee = call.callee();
        if (!TariffRules.isSpecial(callee.category())) return decision;
        DidNumber did = directory.number(callee.normalized()).orElse(null);
        return decision.withAnnouncement(TariffPrompts.announcementFor(callee, did == null ? null : did.tariff()));
    }
}
