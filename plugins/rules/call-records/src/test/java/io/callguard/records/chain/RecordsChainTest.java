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
import java.util.List;
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

    @Test
    void theCheckpointsRoutePublishesSignedCheckpointsThatVerifyWithThePublicKeyItGives() throws Exception {
        RecordsChain chain = RecordsChain.start(Calls.options(dir), repo, clock, null);
        for (int i = 1; i <= 3; i++) chain.submit(call(i));
        chain.stop();
        ModuleRoute route = chain.adminRoutes().stream().filter(r -> r.path().equals(CheckpointsRoute.PATH))
                .findFirst().orElseThrow();
        assertThat(route.blocking()).isTrue();

        Map<?, ?> body = (Map<?, ?>) route.handler().handle(get(Map.of())).body();
        assertThat(body.get("node")).isEqualTo("node-a");
        assertThat(body.get("keyId")).isEqualTo(chain.signer().keyId());
        List<?> items = (List<?>) body.get("items");
        assertThat(items).hasSize(1);
        Map<?, ?> cp = (Map<?, ?>) items.get(0);
        assertThat(cp.get("seq")).isEqualTo(3L);
        assertThat(body.get("next")).isNull();
        // what a back office does with a published checkpoint: check it with the public key alone
        Path pub = dir.resolve("published.pub");
        Files.writeString(pub, (String) body.get("publicKey"));
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initVerify(CheckpointSigner.readPublicKey(pub));
        s.update(((String) cp.get("signedText")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(s.verify(java.util.Base64.getDecoder().decode((String) cp.get("signature")))).isTrue();
        assertThat((String) cp.get("signedText")).isEqualTo("callguard-checkpoint|v1|node-a|3|" + cp.get("headHash")
                + "|" + cp.get("at"));

        assertThat((List<?>) ((Map<?, ?>) route.handler().handle(get(Map.of("from", "4"))).body()).get("items")).isEmpty();
        assertThat(route.handler().handle(get(Map.of("node", "elsewhere"))).status()).isEqualTo(404);
        assertThatThrownBy(() -> route.handler().handle(get(Map.of("limit", "0"))))
                .isInstanceOf(RouteResponse.InvalidFields.class).hasMessageContaining("limit: must be a whole number from 1 to 1000");
        assertThatThrownBy(() -> route.handler().handle(get(Map.of("from", "x"))))
                .isInstanceOf(RouteResponse.InvalidFields.class).hasMessageContaining("from: must be a whole number");
    }

    @Test
    void theCheckpointsRoutePagesByLimitAndNamesTheNextSeq() throws Exception {
        RecordsChain chain = RecordsChain.start(Calls.options(dir), repo, clock, null);
        chain.stop();
        for (int i = 1; i <= 3; i++) repo.saveCheckpoint(chain.signer().sign("node-a", i, "%064d".formatted(i), clock.instant()));
        ModuleRoute route = chain.adminRoutes().stream().filter(r -> r.path().equals(CheckpointsRoute.PATH))
                .findFirst().orElseThrow();
        Map<?, ?> first = (Map<?, ?>) route.handler().handle(get(Map.of("limit", "2"))).body();
        assertThat(seqs(first)).containsExactly(1L, 2L);
        assertThat(first.get("next")).isEqualTo(3L);
        Map<?, ?> second = (Map<?, ?>) route.handler().handle(get(Map.of("limit", "2", "from", "3"))).body();
        assertThat(seqs(second)).containsExactly(3L);
        assertThat(second.get("next")).isNull();
    }

    private static List<Object> seqs(Map<?, ?> page) {
        return ((List<?>) page.get("items")).stream().map(m -> (Object) ((Map<?, ?>) m).get("seq")).toList();
    }
}
