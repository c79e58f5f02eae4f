package io.callguard.store;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The declared {@code store} keys and their reader: declared defaults are {@link StoreOptions#defaults()}. */
class StoreOptionsTest {
    @Test
    void declaredDefaultsReadAsTheDefaults() {
        ConfigValues view = ConfigValues.defaults(StoreOptions.OPTIONS);
        assertThat(StoreOptions.from(view)).isEqualTo(StoreOptions.defaults());
        assertThat(view.problems()).isEmpty();
    }

    @Test
    void theUrlMustBeAJdbcUrl() {
        ConfigValues view = ConfigValues.defaults(StoreOptions.OPTIONS).set("store.jdbcUrl", "h2:mem:x", "file");
        StoreOptions.from(view);
        assertThat(view.problems()).containsExactly("store.jdbcUrl: must be a JDBC URL starting with jdbc: "
                + "(e.g. jdbc:h2:file:./data/callguard or jdbc:postgresql://host/db)");
    }
}
