package io.callguard.records.chain;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.callguard.records.chain.Calls.T0;
import static io.callguard.records.chain.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsChainTest {
    @TempDir Path dir;
    private final InMemoryRecordRepository repo = new InMemoryRecordRepository();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));

    private static RouteRequest get(Map<String, String> query) {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return null; }
            @Override public Optional<String> query(String name) { return Optional.ofNullable(query.get(name)); }
            @Override public Optional<String> header(String name) { return Optional.empty(); }
            @Override public Optional<String> accountId() { return Optional.empty(); }
            @Override public String body() { return ""; }
        };
    }

    @Test
    void aFirstStartCreatesTheKeyAndAStopStoresAndSignsEverythingSubmitted() throws Exception {
        RecordsChain chain = RecordsChain.start(Calls.options(dir), repo, clock, null);
        assertThat(Files.exists(dir.resolve("key.pem"))).isTrue();
        assertThat(Files.exists(dir.resolve("key.pem.pub"))).isTrue();
        for (int i = 1; i <= 5; i++) chain.submit(call(i));
        chain.stop();
        assertThat(chain.writer().durableSeq()).isEqualTo(5);
        assertThat(repo.checkpoints("node-a", 5)).hasSize(1);

        RecordsChain again = RecordsChain.start(Calls.options(dir), repo, clock, null);
        assertThat(again.signer().keyId()).isEqualTo(chain.signer().keyId()); // the same key, read back
        again.stop();
        assertThat(again.verifier().verify("node-a", 1).ok()).isTrue();
    }

    @Test
    void theVerifyRouteAnswersTheDocumentedShape() throws Exception {
        RecordsChain chain = RecordsChain.start(Calls.options(dir), repo, clock, null);
        for (int i = 1; i <= 3; i++) chain.submit(call(i));
        chain.stop();
        ModuleRoute route = chain.adminRoutes().get(0);
        assertThat(route.path()).isEqualTo("/admin/v1/records/verify");
        assertThat(route.blocking()).isTrue();

        RouteResponse ok = route.handler().handle(get(Map.of()));
        assertThat(ok.status()).isEqualTo(200);
        // key order as documented
        assertThat(ok.body()).hasToString("{ok=true, checked=3, firstBroken=null, problem=null, node=node-a, lastCheckpointSeq=3}");

        repo.deleteTailAsSuperuser("node-a", 1);
        Map<?, ?> broken = (Map<?, ?>) route.handler().handle(get(Map.of("node", "node-a", "from", "2"))).body();
        assertThat(broken.get("ok")).isEqualTo(false);
        assertThat(broken.get("firstBroken")).isEqualTo(3L);
        assertThat((String) broken.get("problem")).startsWith("tail shorter than the last signed checkpoint (1 entries missing)");

        assertThat(route.handler().handle(get(Map.of("node", "elsewhere"))).status()).isEqualTo(404);
        assertThatThrownBy(() -> route.handler().handle(get(Map.of("from", "0"))))
                .isInstanceOf(RouteResponse.InvalidFields.class).hasMessageContaining("from: must be a seq");
    }
}
