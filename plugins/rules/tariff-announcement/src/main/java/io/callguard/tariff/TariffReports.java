package io.callguard.tariff;

import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The admin API's views of the 08 special numbers: all of them with their tariff, and those whose client switched
 * the tariff announcement off (the client then announces the tariff itself and bears that responsibility, so the
 * operator keeps when and by whom).
 */
public final class TariffReports {
    // Classifying a 10-digit national number does not depend on the emergency list: the default plan will do.
    private static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();

    private TariffReports() { }

    /** Every 0800–0809, 081, 082 and 089 number among {@code numbers}, sorted by number. */
    public static List<SpecialNumberView> specialNumbers(Collection<DidNumber> numbers) {
        List<SpecialNumberView> views = new ArrayList<>();
        for (DidNumber n : numbers) {
            ClassifiedNumber c = PLAN.classify(n.number());
            if (TariffRules.isSpecial(c.category())) views.add(view(n, c));
        }
        views.sort(Comparator.comparing(SpecialNumberView::number));
        return List.copyOf(views);
    }

    /** The special numbers whose announcement option is off, latest switch-off first (unknown times last). */
    public static List<SpecialNumberView> announcementsOff(Collection<DidNumber> numbers) {
        List<SpecialNumberView> off = new ArrayList<>();
        for (SpecialNumberView v : specialNumbers(numbers)) if (!v.announcement()) off.add(v);
        off.sort(Comparator.comparing(SpecialNumberView::announcementOffAt,
                Comparator.nullsLast(Comparator.<Instant>reverseOrder())).thenComparing(SpecialNumberView::number));
        return List.copyOf(off);
    }

    private static SpecialNumberView view(DidNumber n, ClassifiedNumber c) {
        SpecialTariff t = n.tariff();
        boolean missing = c.category() == NumberCategory.SPECIAL_SURCHARGED
                && (t == null || t.chargeCents() <= 0 || t.unit() == null);
        return new SpecialNumberView(n.number(), n.accountId(), c.category(), t == null ? 0 : t.chargeCents(),
                t == null ? null : t.unit(), t == null || t.announcement(), t == null ? null : t.announcementOffAt(),
                t == null ? null : t.announcementOffBy(), TariffPrompts.announcementFor(c, t), missing);
    }
}
