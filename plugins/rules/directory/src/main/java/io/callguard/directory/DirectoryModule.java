package io.callguard.directory;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory as the operator edits it, as one rule module: the admin API's accounts, trunks and numbers
 * ({@code /admin/v1/accounts/…}), written through the {@link DirectoryRepository} the app registers (the store), into
 * the in-memory directory the decisions read (the app loads it at start, before any module starts), audited.
 *
 * <p>It takes from the app the {@link InMemoryDirectory}, the {@link DirectoryRepository}, the {@link AuditLog}, the
 * numbering plan and the clock. What a deletion takes with it in other rules, and a number's tariff fields, are
 * theirs: found when used, by type, among every service registered ({@link ModuleContext#all}), so that this module
 * depends on none of them.
 */
public final class DirectoryModule implements RuleModule {
    public static final String NAME = "directory";
    /**
     * The kind of change this module publishes on every write ({@link ChangeFeed}): the id is the account's, for a
     * change of the account, one of its trunks or one of its numbers. Another node reloads that account.
     */
    public static final String CHANGES = "directory.account";

    private volatile DirectoryService service;
    private volatile NumberValidator validator;
    private volatile Runnable unsubscribe = () -> { };

    @Override public String name() { return NAME; }

    @Override
    public void start(ModuleContext context) {
        // The store keeps milliseconds: audit times and switch-offs floored to the millisecond, as the app's are.
        Clock storeClock = Clock.tick(context.service(Clock.class), Duration.ofMillis(1));
        ChangeFeed feed = context.find(ChangeFeed.class).orElseGet(LocalChangeFeed::new);
        DirectoryService built = new DirectoryService(context.service(DirectoryRepository.class),
                context.service(InMemoryDirectory.class), context.service(AuditLog.class), context::all, storeClock,
                feed);
        // the other nodes' changes: the account they name read again, everything on the periodic reload
        unsubscribe = feed.subscribe(CHANGES, ChangeListener.of(built::reloadAccount, built::reloadAll));
        validator = new NumberValidator(context.service(FrenchNumberingPlan.class), storeClock, built::tariffs);
        service = built;
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        DirectoryService started = service;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        List<ModuleRoute> routes = new ArrayList<>(AccountRoutes.of(started));
        routes.addAll(TrunkRoutes.of(started));
        routes.addAll(NumberRoutes.of(started, validator));
        return List.copyOf(routes);
    }

    @Override
    public void stop() {
        unsubscribe.run();
        service = null;
        validator = null;
    }
}
