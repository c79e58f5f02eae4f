package io.callguard.records.chain;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.Option;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChainOptionsTest {
    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ConfigValues v = ConfigValues.defaults(ChainOptions.OPTIONS);
        ChainOptions o = ChainOptions.from(v);
        assertThat(v.problems()).isEmpty();
        assertThat(o.node()).isEqualTo(ChainOptions.hostName()).isNotBlank();
        assertThat(o.queueCapacity()).isEqualTo(10_000);
        assertThat(o.batchSize()).isEqualTo(500);
        assertThat(o.writeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.retryMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.spillDir()).isEqualTo(Path.of("./data/records-spill"));
        assertThat(o.signingKeyFile()).isEqualTo(Path.of("./data/records-signing-key.pem"));
        assertThat(o.checkpointEvery()).isEqualTo(1000);
        assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.checkpointFile()).isEqualTo(Optional.empty());
        assertThat(ChainOptions.OPTIONS).extracting(Option::path).allMatch(p -> p.startsWith("records."));
    }

    @Test
    void eachWrongValueIsReportedWithItsKey() {
        ConfigValues v = ConfigValues.defaults(ChainOptions.OPTIONS)
                .set(ChainOptions.NODE, "node a", "file")
                .set(ChainOptions.BATCH_SIZE, "0", "file")
                .set(ChainOptions.WRITE_INTERVAL, "2s", "file")
                .set(ChainOptions.RETRY_MAX_DELAY, "1s", "file")
                .set(ChainOptions.SIGNING_KEY_FILE, " ", "file");
        ChainOptions.from(v);
        assertThat(v.problems()).anyMatch(p -> p.startsWith("records.node: must be 1 to 64 letters") && p.contains("'node a'"))
                .anyMatch(p -> p.startsWith("records.batchSize:"))
                .anyMatch(p -> p.equals("records.retryMaxDelay: must be at least records.writeInterval (2s), got 1s"))
                .anyMatch(p -> p.startsWith("records.signingKeyFile: must be a file path"));
    }
    @Test
    void withoutItsOwnNameTheChainIsNamedAfterTheNodeSoTwoNodesOnOneHostNeverShareOne() {
        java.util.List<Option> all = new java.util.ArrayList<>(ChainOptions.OPTIONS);
        all.add(Option.of(ChainOptions.NODE_ID, io.callguard.core.config.OptionType.STRING, "", "the app's node name"));
        ConfigValues v = ConfigValues.defaults(all).set(ChainOptions.NODE_ID, "node-b", "env");
        assertThat(ChainOptions.from(v).node()).isEqualTo("node-b");
        v.set(ChainOptions.NODE, "chain-b", "file");
        assertThat(ChainOptions.from(v).node()).as("its own name first").isEqualTo("chain-b");
        assertThat(v.problems()).isEmpty();
    }
}
