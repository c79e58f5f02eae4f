package io.callguard.records.chain;

import io.callguard.core.records.Checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Signs checkpoints with an Ed25519 key kept outside the database (the JDK's own Ed25519, no library). The key file
 * is a PKCS#8 private key, PEM ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey -algorithm ed25519}
 * writes it) or its bare Base64; the public key is derived from it. {@link #keyId} names a key in checkpoints: the
 * first 16 hex digits of the SHA-256 of its X.509 encoding.
 */
public final class CheckpointSigner {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private CheckpointSigner(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = keyId(publicKey);
    }

    /** A signer over a key pair (tests; {@link #load} for a key file). */
    public static CheckpointSigner of(KeyPair pair) { return new CheckpointSigner(pair); }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", e);
        }
    }

    /**
     * The signer of the key in {@code file}.
     *
     * @throws IllegalArgumentException the file cannot be read or holds no Ed25519 private key (the message names it)
     */
    public static CheckpointSigner load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the signing key " + file + ": " + e.getMessage());
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(text, "PRIVATE KEY")));
            return new CheckpointSigner(new KeyPair(publicOf(key), key));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " holds no Ed25519 private key (PKCS#8, PEM or Base64): " + e.getMessage());
        }
    }

    /**
     * Writes a new key pair: the private key to {@code file} (PEM, created with owner-only permissions, never
     * overwritten) and the public key beside it ({@code file.pub}).
     *
     * @throws IllegalArgumentException the file exists or cannot be written
     */
    public static CheckpointSigner create(Path file) {
        KeyPair pair = generate();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system: the directory's rights protect it
            }
            Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(publicFile(file), pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the signing key " + file + ": " + e);
        }
        return new CheckpointSigner(pair);
    }

    /** Where {@link #create} writes the public key of {@code keyFile}. */
    public static Path publicFile(Path keyFile) { return keyFile.resolveSibling(keyFile.getFileName() + ".pub"); }

    /**
     * The public key in {@code file}: an X.509 public key (PEM {@code PUBLIC KEY} or Base64), or a private key
     * file, whose public key is derived.
     *
     * @throws IllegalArgumentException naming the file
     */
    public static PublicKey readPublicKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the public key " + file + ": " + e.getMessage());
        }
        if (text.contains("PRIVATE KEY")) return load(file).publicKey();
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(text, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " holds no Ed25519 public key (X.509, PEM or Base64): " + e.getMessage());
        }
    }

    /**
     * The public key of an Ed25519 private key. The JDK derives it only while generating a pair, from the 32 random
     * bytes it draws: it is handed the key's own bytes as that draw.
     */
    static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the private key's bytes are not readable"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) throw new IllegalStateException("unexpected draw of " + bytes.length + " bytes");
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        });
        KeyPair pair = g.generateKeyPair();
        if (!MessageDigest.isEqual(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new GeneralSecurityException("the public key could not be derived");
        }
        return pair.getPublic();
    }

    public PublicKey publicKey() { return publicKey; }

    public String keyId() { return keyId; }

    /** The public key as PEM, to publish. */
    public String publicKeyPem() { return pem("PUBLIC KEY", publicKey.getEncoded()); }

    /** The checkpoint of {@code node}'s chain at {@code seq} (head {@code headHash}), signed. */
    public Checkpoint sign(String node, long seq, String headHash, Instant at) {
        Instant ms = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(Checkpoint.signedText(node, seq, headHash, ms).getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(node, seq, headHash, ms, keyId, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** Whether {@code checkpoint}'s signature is {@code key}'s over its signed text (false for any malformed one). */
    public static boolean verifies(Checkpoint checkpoint, PublicKey key) {
        Objects.requireNonNull(key, "key");
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(checkpoint.signedText().getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** First 16 hex digits of the SHA-256 of the key's X.509 encoding. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The DER bytes of a PEM block of {@code type}, or of bare Base64. */
    private static byte[] der(String text, String type) {
        String body = text;
        int begin = text.indexOf("-----BEGIN " + type + "-----");
        if (begin >= 0) {
            int end = text.indexOf("-----END " + type + "-----", begin);
            if (end < 0) throw new IllegalArgumentException("the PEM block has no END line");
            body = text.substring(begin + ("-----BEGIN " + type + "-----").length(), end);
        } else if (text.contains("-----BEGIN")) {
            throw new IllegalArgumentException("expected a PEM " + type + " block");
        }
        return Base64.getMimeDecoder().decode(body.strip());
    }
}
