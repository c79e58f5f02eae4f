package io.callguard.server.e2e;

import io.callguard.core.config.Option;
import io.callguard.core.config.OptionType;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.credit.rating.DestinationPrice;
import io.callguard.credit.rating.Tariffs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test-only module standing in for the rating part's tariffs (merged separately): with
 * {@code stubtariffs.mobileCentsPerMinute} set, it offers {@link Tariffs} pricing mobiles of every plan at that much a
 * minute, charged by the second, and nothing else. Inert while the key is empty (the default), so other app tests
 * never see it. Started after {@code credit} (modules start by name): the credit policy finds it at decision time.
 */
public final class StubTariffsModule implements RuleModule {
    public static final String MOBILE_CENTS_PER_MINUTE = "stubtariffs.mobileCentsPerMinute";

    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return "stubtariffs"; }

    @Override
    public List<Option> options() {
        return List.of(Option.of(MOBILE_CENTS_PER_MINUTE, OptionType.STRING, "",
                "test only: price of a mobile minute in cents (empty = no tariffs offered)"));
    }

    @Override
    public void start(ModuleContext context) {
        String cents = context.config().text(MOBILE_CENTS_PER_MINUTE).trim();
        if (cents.isEmpty()) return;
        DestinationPrice mobile = new DestinationPrice("any", 1, "mobile", false, BigDecimal.ZERO, new BigDecimal(cents),
                BigDecimal.ZERO, BigDecimal.ZERO, 1, 1);
        Tariffs tariffs = (plan, category, detail, callee) -> category == NumberCategory.MOBILE ? Optional.of(mobile)
                : Optional.empty();
        services = Map.of(Tariffs.class, tariffs);
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override public void stop() { services = Map.of(); }
}
