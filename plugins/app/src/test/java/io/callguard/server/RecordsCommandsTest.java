package io.callguard.server;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.records.chain.CheckpointSigner;
import io.callguard.records.retention.RecordPurge;
import io.callguard.records.retention.RetentionOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsCommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    @TempDir Path dir;
    private final InMemoryRecordRepository repo = new InMemoryRecordRepository();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CheckpointSigner signer;

    /** 20 entries of node-a, signed at 10 and 20. */
    @BeforeEach
    void chain() {
        signer = CheckpointSigner.create(dir.resolve("key.pem"));
        List<RecordEntry> entries = new ArrayList<>();
        RecordEntry prev = null;
        for (int i = 1; i <= 20; i++) {
            CallRecord c = new CallRecord("1." + i, "", "acme", "t", Direction.OUTBOUND, "0140000000", "0612345678",
                    "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", T0, null, T0.plusSeconds(i), 0,
                    Disposition.NO_ANSWER, 19, "ast1", false);
            prev = RecordEntry.chain(prev, "node-a", T0.plusSeconds(i), c, null);
            entries.add(prev);
            if (i % 10 == 0) {
                repo.append(entries);
                entries.clear();
                repo.saveCheckpoint(signer.sign("node-a", prev.seq(), prev.hash(), T0.plusSeconds(i)));
            }
        }
    }

    private int verify(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "verify-records";
        System.arraycopy(args, 0, all, 1, args.length);
        RecordsCommands.RepositoryOpener opener = config -> new RecordsCommands.OpenedRepository() {
            @Override public RecordRepository repository() { return repo; }

            @Override public void close() { }
        };
        // what the server needs to start, as its operator's environment gives it
        Map<String, String> env = Map.of("CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN, "CALLGUARD_AMI_ENABLED", "false");
        return RecordsCommands.verify(all, env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), opener);
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void anIntactChainExitsZero() {
        assertThat(verify("--node", "node-a", "--public-key", "key.pem.pub")).isZero();
        assertThat(out()).contains("node node-a: chain intact, 20 entries checked, last checkpoint at seq 20");
    }

    @Test
    void aDeletedTailExitsOneAndSaysHowManyEntriesAreMissing() {
        repo.deleteTailAsSuperuser("node-a", 10);
        assertThat(verify("--node", "node-a", "--from", "5", "--public-key", dir.resolve("key.pem").toString())).isEqualTo(1);
        assertThat(out()).contains("chain BROKEN at seq 11: tail shorter than the last signed checkpoint (10 entries missing)");
    }

    @Test
    void aChainPurgedPastRetentionStillVerifiesFromTheCheckpointThePurgeSigned() {
        // every call started on 2026-12-06 and its account's invoice day is unknown: invoiced by 2027-02-01 at the
        // latest, kept until 2027-08-01; on 2027-09-01 all may go but the chain's last entry
        RecordPurge purge = new RecordPurge(repo, new InMemoryDirectory(), signer,
                new RetentionOptions(Period.ofMonths(6), Duration.ofDays(1), ZoneId.of("Europe/Paris")),
                new InMemoryAuditLog(), Clock.fixed(Instant.parse("2027-09-01T00:00:00Z"), ZoneOffset.UTC), "node-a",
                Optional.empty());
        assertThat(purge.run("system", false).toSeq()).isEqualTo(19);

        assertThat(verify("--node", "node-a", "--public-key", "key.pem.pub")).isZero();
        assertThat(out()).contains("node node-a: chain intact, 1 entries checked, last checkpoint at seq 20");
        // without the purge's checkpoint the remaining entry would hang on nothing
        assertThat(repo.checkpoints("node-a", 19)).extracting(c -> c.seq()).contains(19L);
    }

    @Test
    void aWrongPublicKeyIsRefused() {
        CheckpointSigner.create(dir.resolve("other.pem"));
        assertThat(verify("--node", "node-a", "--public-key", "other.pem.pub")).isEqualTo(1);
        assertThat(out()).contains("chain BROKEN at seq 10").contains("signed by key " + signer.keyId()).contains("refused");
    }

    @Test
    void usageAndKeyMistakesExitTwo() {
        assertThat(verify("--from", "x")).isEqualTo(2);
        assertThat(err()).contains("--from: a seq (a whole number from 1) must follow, got 'x'");
        assertThat(verify("--frmo", "3")).isEqualTo(2);
        assertThat(err()).contains("unknown argument '--frmo'");
        assertThat(verify("--node")).isEqualTo(2);
        // no --public-key and no ./data/records-signing-key.pem in the working directory
        assertThat(verify("--node", "node-a")).isEqualTo(2);
        assertThat(err()).contains("no public key to check the checkpoints with");
        assertThat(verify("--config", "absent.yaml")).isEqualTo(2);
    }

    @Test
    void keygenWritesAKeyPairOnceAndPrintsThePublicKey() throws Exception {
        Path file = dir.resolve("new/signing.pem");
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(RecordsCommands.keygen(new String[] {"records-keygen", "--out", file.toString()}, o, e)).isZero();
        String keyId = CheckpointSigner.load(file).keyId();
        assertThat(out()).startsWith("keyId " + keyId).contains("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.readString(CheckpointSigner.publicFile(file))).isEqualTo(CheckpointSigner.load(file).publicKeyPem());
        assertThat(RecordsCommands.keygen(new String[] {"records-keygen", "--out", file.toString()}, o, e)).isEqualTo(2);
        assertThat(RecordsCommands.keygen(new String[] {"records-keygen"}, o, e)).isEqualTo(2);
        assertThat(err()).contains("usage: java -jar callguard.jar records-keygen --out FILE");
        assertThat(RecordsCommands.handles(new String[] {"verify-records"})).isTrue();
        assertThat(RecordsCommands.handles(new String[] {"--config", "x"})).isFalse();
    }
}
