package io.callguard.records.retention;

import io.callguard.store.StoreOptions;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

class H2RecordPurgeTest extends SqlRecordPurgeContract {
    @TempDir
    Path dir;

    @Override
    protected StoreOptions options() {
        return new StoreOptions("jdbc:h2:file:" + dir.resolve("cg"), "", "", 4, Duration.ofSeconds(5));
    }

}
