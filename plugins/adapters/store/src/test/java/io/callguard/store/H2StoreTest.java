package io.callguard.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The store contract (with the suspension and audit repositories and the 08 numbers' tariffs) on an embedded H2 file database, fresh for each
 * test in a directory that does not exist yet.
 */
class H2StoreTest extends StoreContractTest
        implements SuspensionRepositoryContract, AuditLogContract, NumberTariffContract, CtiRepositoryContract,
        RecordRepositoryContract, TariffPlanRepositoryContract,
        BillingRepositoryContract, TrafficRuleRepositoryContract, BlockedAddressRepositoryContract,
        TrunkAddressRepositoryContract, IncidentRepositoryContract,
        ReportsRepositoryContract {
    @TempDir
    Path dir;

    @Override
    protected StoreOptions options() {
        return new StoreOptions("jdbc:h2:file:" + dir.resolve("data/callguard"), "", "", 2, Duration.ofSeconds(5));
    }
}
