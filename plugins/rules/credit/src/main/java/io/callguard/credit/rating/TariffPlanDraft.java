package io.callguard.credit.rating;

import java.util.List;

/**
 * A plan as the admin API received it (JSON or CSV), checked: what becomes the plan's next version once stored.
 *
 * @param name  what the back office calls it (may be empty)
 * @param rates its lines, resolved and checked together ({@link TariffPlanReader})
 */
public record TariffPlanDraft(String name, List<TariffRate> rates) {
    public TariffPlanDraft {
        name = name == null ? "" : name;
        rates = List.copyOf(rates);
    }
}
