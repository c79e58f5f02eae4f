package io.callguard.credit.rating;

import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The plans and calls the rating tests share. */
final class Plans {
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    static final FrenchNumberingPlan NUMBERING = FrenchNumberingPlan.withDefaults();

    private Plans() { }

    /**
     * The plan: mobile at 0.15 EUR/min billed by the second after a first 30 s; fixed at 0.02 EUR/min per
     * second; 089 at the fixed price plus its 0.80 EUR/min service charge; 081 per call; UK by prefix.
     */
    static Map<String, Object> proBody() {
        return Map.of("name", "Pro 2026", "firstIncrementSeconds", 30, "nextIncrementSeconds", 1, "rates", List.of(
                Map.of("id", "mobile", "destination", "MOBILE", "perMinuteCents", 15),
                Map.of("id", "fixed", "destination", "GEOGRAPHIC", "perMinuteCents", "2"),
                Map.of("id", "special-089", "destination", "SPECIAL_SURCHARGED", "prefix", "089", "perMinuteCents", 2,
                        "serviceChargePerMinuteCents", 80),
                Map.of("id", "special-081", "destination", "SPECIAL_SURCHARGED", "prefix", "081", "perMinuteCents", 2,
                        "serviceChargePerCallCents", "15"),
                Map.of("id", "intl-44", "destination", "INTERNATIONAL", "prefix", "+44", "perMinuteCents", "4.5",
                        "firstIncrementSeconds", 60, "nextIncrementSeconds", 60),
                Map.of("id", "intl-447", "destination", "INTERNATIONAL", "prefix", "+447", "perMinuteCents", 12,
                        "connectionFeeCents", "9.9")));
    }

    static TariffPlan pro(int version) {
        TariffPlanDraft d = TariffPlanJson.read("pro", proBody());
        return new TariffPlan("pro", version, d.name(), T0, "alice", d.rates());
    }

    /** An outbound call of acme to {@code dialled}, answered and lasting {@code seconds}. */
    static CallRecord answered(String dialled, long seconds) {
        return call(dialled, Direction.OUTBOUND, "ALLOW", seconds, Disposition.ANSWERED);
    }

    static CallRecord call(String dialled, Direction direction, String verdict, long seconds, Disposition disposition) {
        ClassifiedNumber n = NUMBERING.classify(dialled);
        String detail = n.tier() != null ? n.tier().prefix() : "";
        Instant answer = disposition == Disposition.ANSWERED ? T0.plusSeconds(5) : null;
        Instant end = T0.plusSeconds(5 + seconds);
        return new CallRecord("1733043600." + dialled.hashCode(), "", "acme", "acme-t2", direction, "0140000000", dialled,
                n.normalized(), n.category(), n.category() == NumberCategory.INTERNATIONAL ? "" : detail, verdict, "",
                T0, answer, end, answer == null ? 0 : seconds, disposition, 16, "ast1", false);
    }
}
