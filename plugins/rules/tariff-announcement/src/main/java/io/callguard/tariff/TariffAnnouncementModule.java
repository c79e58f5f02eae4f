package io.callguard.tariff;

import io.callguard.core.directory.Directory;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyProvider;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * R9 as one rule module: the {@code tariff-announcement} policy and the read side of the admin API (announcements in
 * use, 08 numbers, announcements switched off). It has no options: charges and the option live on each number. The
 * number routes, which the directory module owns, read and check a number's tariff through the
 * {@link NumberTariffFields} this module offers. The module reads the
 * numbers through the {@link Directory} the app registers, the one the decisions read.
 */
public final class TariffAnnouncementModule implements RuleModule {
    public static final String NAME = "tariff-announcement";

    private static final NumberTariffFields NUMBER_FIELDS = new TariffNumberFields();

    private volatile Directory directory;

    @Override public String name() { return NAME; }

    @Override public List<PolicyProvider> policies() { return List.of(new TariffAnnouncementPolicyProvider()); }

    @Override public void start(ModuleContext context) { directory = context.service(Directory.class); }

    @Override
    public List<ModuleRoute> adminRoutes() {
        Directory started = directory;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        return TariffRoutes.of(started);
    }

    /** A number's tariff fields, for the directory's number routes (which depend on no rule module). */
    @Override public Map<Class<?>, Object> services() { return Map.of(NumberTariffFields.class, NUMBER_FIELDS); }

    /** Without its policy in {@code policies}, 08 numbers get no announcement (R9): said once, at start. */
    @Override
    public void chainBuilt(PolicyChain chain) {
        if (chain.policies().stream().noneMatch(p -> p.name().equals(TariffAnnouncementPolicy.NAME))) {
            LoggerFactory.getLogger(TariffAnnouncementModule.class).warn("policy '{}' is not enabled: inbound calls to "
                    + "081/082/089 numbers are put through without their tariff announcement (R9)",
                    TariffAnnouncementPolicy.NAME);
        }
    }

    @Override public void stop() { directory = null; }
}
