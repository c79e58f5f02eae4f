package io.callguard.server;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.records.RecordRepository;
import io.callguard.credit.rating.TariffPlanRepository;
import io.callguard.cti.keys.ApiKeyRepository;
import io.callguard.cti.sms.SmsRepository;
import io.callguard.directory.DirectoryRepository;
import io.callguard.incidents.IncidentRepository;
import io.callguard.http.StoreFailures;
import io.callguard.store.DuplicateKeyException;
import io.callguard.store.SqlApiKeyRepository;
import io.callguard.store.SqlAuditLog;
import io.callguard.store.SqlBillingRepository;
import io.callguard.store.SqlBlockedAddressRepository;
import io.callguard.credit.balance.BillingRepository;
import io.callguard.store.SqlDirectoryRepository;
import io.callguard.store.SqlIncidentRepository;
import io.callguard.store.SqlRecordRepository;
import io.callguard.store.SqlSmsRepository;
import io.callguard.store.SqlSuspensionRepository;
import io.callguard.store.SqlTariffPlanRepository;
import io.callguard.store.SqlReportsRepository;
import io.callguard.store.SqlTrafficRuleRepository;
import io.callguard.store.SqlTrunkAddressRepository;
import io.callguard.store.Store;
import io.callguard.store.StoreException;
import io.callguard.store.UnknownReferenceException;
import io.callguard.siprates.BlockedAddressRepository;
import io.callguard.siprates.TrunkAddressRepository;
import io.callguard.suspension.SuspensionRepository;
import io.callguard.reports.ReportsRepository;
import io.callguard.traffic.rules.TrafficRuleRepository;

import java.util.Map;
import java.util.Optional;

/**
 * The store adapter behind the other modules' ports: the rule modules' repositories and the audit trail, and what
 * its exceptions mean to the HTTP adapter (which does not depend on the store).
 */
final class StorePorts {
    /** The store's exceptions as the HTTP APIs answer them: 503, 409, 404. */
    static final StoreFailures FAILURES = error -> {
        if (error instanceof StoreException) return Optional.of(StoreFailures.Kind.UNAVAILABLE);
        if (error instanceof DuplicateKeyException) return Optional.of(StoreFailures.Kind.DUPLICATE);
        if (error instanceof UnknownReferenceException) return Optional.of(StoreFailures.Kind.UNKNOWN_REFERENCE);
        return Optional.empty();
    };

    private StorePorts() { }

    /**
     * Each repository port the rule modules (and the audit trail) use → the store's implementation over {@code store}.
     * The call records' repository tells months by the system clock: it only decides which PostgreSQL partitions are
     * created ahead (each record's own month is created when written).
     */
    static Map<Class<?>, Object> repositories(Store store) {
        // one entry per line: the modules add theirs here
        return Map.ofEntries(
                Map.entry(SuspensionRepository.class, new SqlSuspensionRepository(store)),
                Map.entry(DirectoryRepository.class, new SqlDirectoryRepository(store)),
                Map.entry(AuditLog.class, new SqlAuditLog(store)),
                Map.entry(ApiKeyRepository.class, new SqlApiKeyRepository(store)),
                Map.entry(SmsRepository.class, new SqlSmsRepository(store)),
                Map.entry(RecordRepository.class, new SqlRecordRepository(store)),
                Map.entry(TariffPlanRepository.class, new SqlTariffPlanRepository(store)),
                Map.entry(BillingRepository.class, new SqlBillingRepository(store)),
                Map.entry(TrafficRuleRepository.class, new SqlTrafficRuleRepository(store)),
                Map.entry(BlockedAddressRepository.class, new SqlBlockedAddressRepository(store)),
                Map.entry(TrunkAddressRepository.class, new SqlTrunkAddressRepository(store)),
                Map.entry(IncidentRepository.class, new SqlIncidentRepository(store)),
                Map.entry(ReportsRepository.class, new SqlReportsRepository(store)));
    }
}
