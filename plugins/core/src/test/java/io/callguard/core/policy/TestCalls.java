package io.callguard.core.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.FrenchNumberingPlan;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Builds call contexts and environments for policy tests. */
public final class TestCalls {
    public static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();
    public static final Instant T0 = Instant.parse("2025-03-03T10:00:00Z");
    public static final Account ACME = new Account("acme", "Acme", 3600);

    private TestCalls() { }

    public static CallContext call(Direction direction, Account account, String dialled) {
        String accountId = account == null ? "" : account.id();
        return new CallContext(direction, accountId, account, "", null, "0198765432", PLAN.classify(dialled),
                "PJSIP/trunk-a-00000001", "1700000000.1", T0);
    }

    public static PolicyEnvironment env(InMemoryDirectory directory, Map<String, Object> settings) {
        return new PolicyEnvironment(directory, PLAN, Clock.fixed(T0, ZoneOffset.UTC), settings, Map.of());
    }
}
