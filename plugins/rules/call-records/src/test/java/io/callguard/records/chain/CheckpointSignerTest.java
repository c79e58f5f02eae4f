package io.callguard.records.chain;

import io.callguard.core.records.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;

import static io.callguard.records.chain.Calls.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointSignerTest {
    @TempDir Path dir;

    @Test
    void aCheckpointVerifiesWithItsKeyAndNotWithAnother() {
        CheckpointSigner signer = CheckpointSigner.of(CheckpointSigner.generate());
        Checkpoint c = signer.sign("node-a", 1000, "ab".repeat(32), T0);
        assertThat(c.keyId()).hasSize(16).isEqualTo(CheckpointSigner.keyId(signer.publicKey()));
        assertThat(CheckpointSigner.verifies(c, signer.publicKey())).isTrue();
        assertThat(CheckpointSigner.verifies(c, CheckpointSigner.generate().getPublic())).isFalse();
        Checkpoint moved = new Checkpoint(c.node(), 999, c.headHash(), c.at(), c.keyId(), c.signature());
        assertThat(CheckpointSigner.verifies(moved, signer.publicKey())).isFalse();
        Checkpoint garbage = new Checkpoint(c.node(), 1000, c.headHash(), c.at(), c.keyId(), "not base64!");
        assertThat(CheckpointSigner.verifies(garbage, signer.publicKey())).isFalse();
    }

    @Test
    void createWritesAnOwnerOnlyPemKeyAndItsPublicKeyThatLoadGivesBack() throws Exception {
        Path file = dir.resolve("keys/records.pem");
        CheckpointSigner created = CheckpointSigner.create(file);
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        CheckpointSigner loaded = CheckpointSigner.load(file);
        assertThat(loaded.keyId()).isEqualTo(created.keyId());
        assertThat(CheckpointSigner.readPublicKey(CheckpointSigner.publicFile(file))).isEqualTo(created.publicKey());
        assertThat(CheckpointSigner.readPublicKey(file)).isEqualTo(created.publicKey());
        assertThatThrownBy(() -> CheckpointSigner.create(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePublicKeyDerivedFromABase64PrivateKeyIsTheGeneratedOne() throws Exception {
        KeyPair pair = CheckpointSigner.generate();
        Path file = dir.resolve("bare.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
        CheckpointSigner loaded = CheckpointSigner.load(file);
        assertThat(loaded.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(CheckpointSigner.verifies(loaded.sign("n", 1, "h", T0), pair.getPublic())).isTrue();
    }

    @Test
    void aFileWithoutAKeyIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("junk.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> CheckpointSigner.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk.pem").hasMessageContaining("no Ed25519 private key");
        assertThatThrownBy(() -> CheckpointSigner.load(dir.resolve("absent.pem")))
                .hasMessageContaining("cannot read the signing key");
    }
}
