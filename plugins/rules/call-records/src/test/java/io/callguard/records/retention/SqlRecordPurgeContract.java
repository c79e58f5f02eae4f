package io.callguard.records.retention;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.records.RecordRepository;
import io.callguard.store.SqlAuditLog;
import io.callguard.store.SqlRecordRepository;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The purge on the store's own repository and audit trail (the guards' purge door, the SQL audit trail). */
abstract class SqlRecordPurgeContract extends RecordPurgeContract {
    private Store store;
    private SqlRecordRepository repository;
    private SqlAuditLog audit;

    protected abstract StoreOptions options();


    @BeforeEach
    void openStore() {
        store = Store.open(options());
        repository = new SqlRecordRepository(store, clock);
        audit = new SqlAuditLog(store);
    }

    @AfterEach
    void closeStore() { if (store != null) store.close(); }

    @Override protected RecordRepository repository() { return repository; }

    @Override protected AuditLog audit() { return audit; }
}
