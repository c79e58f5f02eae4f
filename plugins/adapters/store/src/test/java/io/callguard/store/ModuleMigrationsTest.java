package io.callguard.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A rule module's migrations: applied after the core's, in a history of their own, once. */
class ModuleMigrationsTest {
    private static final Map<String, List<String>> TOY = Map.of("toy", List.of("classpath:db/toy-module"));

    @Test
    void aModuleTableIsCreatedOnceAlongsideTheCoreSchema(@TempDir Path dir) {
        StoreOptions options = new StoreOptions("jdbc:h2:file:" + dir.resolve("cg"), "", "", 1, Duration.ofSeconds(5));
        try (Store first = Store.open(options)) {
            assertThat(tables(first)).as("the core alone").contains("ACCOUNT").doesNotContain("TOY_COUNTS");
        }
        // an existing database meets the module for the first time: its V1 still applies
        try (Store store = Store.open(options, TOY)) {
            assertThat(tables(store)).contains("ACCOUNT", "TOY_COUNTS", "FLYWAY_HISTORY_TOY");
            store.withConnection("insert", c -> c.createStatement().executeUpdate("INSERT INTO toy_counts VALUES ('a', 1)"));
        }
        try (Store again = Store.open(options, TOY)) {
            assertThat(again.<Integer>withConnection("count", c -> {
                ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM toy_counts");
                r.next();
                return r.getInt(1);
            })).as("reopened: migrated once, data kept").isEqualTo(1);
        }
    }

    private static List<String> tables(Store store) {
        return store.withConnection("list tables", c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet r = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (r.next()) names.add(r.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
            }
            return names;
        });
    }
}
