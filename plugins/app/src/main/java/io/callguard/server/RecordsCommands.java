package io.callguard.server;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.Option;
import io.callguard.core.module.RuleModules;
import io.callguard.core.records.RecordRepository;
import io.callguard.records.chain.ChainOptions;
import io.callguard.records.chain.ChainVerifier;
import io.callguard.records.chain.CheckpointSigner;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigException;
import io.callguard.store.Store;
import io.callguard.store.StoreException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The call records' commands: {@code verify-records [--from SEQ] [--node N] [--public-key FILE] [--config PATH]}
 * walks a node's chain in the store the server's configuration names and checks its signed checkpoints (exit 0
 * intact, 1 broken, 2 usage, configuration or store error); {@code records-keygen --out FILE} writes a new signing
 * key (owner-only) and its public key, and prints the public key.
 */
final class RecordsCommands {
    static final String VERIFY = "verify-records";
    static final String KEYGEN = "records-keygen";
    static final int EXIT_OK = 0;
    static final int EXIT_BROKEN = 1;
    static final int EXIT_USAGE = 2;
    private static final String VERIFY_USAGE = "usage: java -jar callguard.jar verify-records [--from SEQ] [--node NODE]"
            + " [--public-key FILE] [--config PATH]";
    private static final String KEYGEN_USAGE = "usage: java -jar callguard.jar records-keygen --out FILE";

    /** The store's record repository and what to close after use. */
    interface OpenedRepository extends AutoCloseable {
        RecordRepository repository();

        @Override void close();
    }

    /** Opens the record repository of the configured store. */
    @FunctionalInterface
    interface RepositoryOpener {
        OpenedRepository open(Config config);
    }

    private RecordsCommands() { }

    /** Whether {@code args} name one of these commands. */
    static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals(VERIFY) || args[0].equals(KEYGEN));
    }

    /** Runs the command {@code args[0]}; returns the exit code. */
    static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
        return args[0].equals(KEYGEN) ? keygen(args, out, err) : verify(args, env, workingDir, out, err, RecordsCommands::openStore);
    }

    static int keygen(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !args[1].equals("--out")) {
            err.println(KEYGEN_USAGE);
            return EXIT_USAGE;
        }
        try {
            CheckpointSigner signer = CheckpointSigner.create(Path.of(args[2]));
            out.println("keyId " + signer.keyId() + " (private key in " + args[2] + ", public key in "
                    + CheckpointSigner.publicFile(Path.of(args[2])) + ")");
            out.print(signer.publicKeyPem());
            return EXIT_OK;
        } catch (IllegalArgumentException e) {
            err.println("callguard: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    static int verify(String[] args, Map<String, String> env, Path workingDir, PrintStream out, PrintStream err,
                      RepositoryOpener opener) {
        long from = 1;
        String node = null;
        Path publicKeyFile = null;
        List<String> configArgs = new ArrayList<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--from" -> {
                        String v = value(args, ++i, a);
                        try {
                            from = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            from = 0;
                        }
                        if (from < 1) throw new ConfigException("--from: a seq (a whole number from 1) must follow, got '" + v + "'");
                    }
                    case "--node" -> node = value(args, ++i, a);
                    case "--public-key" -> publicKeyFile = Path.of(value(args, ++i, a));
                    case "--config" -> {
                        configArgs.add(a);
                        configArgs.add(value(args, ++i, a));
                    }
                    default -> {
                        if (!a.startsWith("--config=")) throw new ConfigException("unknown argument '" + a + "' (" + VERIFY_USAGE + ")");
                        configArgs.add(a);
                    }
                }
            }
            Config config = Main.loadConfig(configArgs.toArray(String[]::new), env, workingDir);
            ChainOptions options = chainOptions(config);
            PublicKey key = publicKey(options, publicKeyFile, workingDir);
            String chainNode = node == null ? options.node() : node;
            try (OpenedRepository opened = opener.open(config)) {
                ChainVerifier.Result r = new ChainVerifier(opened.repository(), key).verify(chainNode, from);
                out.println(r.describe());
                return r.ok() ? EXIT_OK : EXIT_BROKEN;
            }
        } catch (ConfigException | IllegalArgumentException | StoreException e) {
            err.println("callguard: verify-records: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            // not a verdict on the chain: exit 1 must mean "broken" only
            err.println("callguard: verify-records: the walk failed: " + e);
            return EXIT_USAGE;
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new ConfigException(flag + ": a value must follow (" + VERIFY_USAGE + ")");
        return args[i];
    }

    /**
     * The chain's keys as the server reads them: their defaults, overridden by the configuration once the module
     * declares them (the values of undeclared keys are not kept by the configuration).
     */
    static ChainOptions chainOptions(Config config) {
        ConfigValues view = ConfigValues.defaults(ChainOptions.OPTIONS);
        Map<String, Object> given = config.modules().values();
        for (Option o : ChainOptions.OPTIONS) {
            if (given.containsKey(o.path())) view.set(o.path(), given.get(o.path()), "file");
        }
        ChainOptions options = ChainOptions.from(view);
        if (!view.problems().isEmpty()) throw new ConfigException(String.join("; ", view.problems()));
        return options;
    }

    /** {@code --public-key}, else the signing key's public file, else the public key of the signing key itself. */
    private static PublicKey publicKey(ChainOptions options, Path given, Path workingDir) {
        if (given != null) return CheckpointSigner.readPublicKey(workingDir.resolve(given));
        Path keyFile = workingDir.resolve(options.signingKeyFile());
        Path pub = CheckpointSigner.publicFile(keyFile);
        if (Files.isRegularFile(pub)) return CheckpointSigner.readPublicKey(pub);
        if (Files.isRegularFile(keyFile)) return CheckpointSigner.readPublicKey(keyFile);
        throw new ConfigException("no public key to check the checkpoints with: give --public-key FILE, or set "
                + ChainOptions.SIGNING_KEY_FILE + " (now " + keyFile + ", not found)");
    }

    /** The configured store, migrated as the server would, and its record repository. */
    private static OpenedRepository openStore(Config config) {
        Store store;
        try {
            RuleModules found = RuleModules.discover();
            List<String> enabled = config.modules().enabled();
            store = Store.open(config.store(), (enabled.isEmpty() ? found : found.enabled(enabled)).migrations());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        // The store's RecordRepository, as StorePorts hands it to the modules (records-store lane: SqlRecordRepository)
        RecordRepository repository = (RecordRepository) StorePorts.repositories(store).get(RecordRepository.class);
        if (repository == null) {
            store.close();
            throw new ConfigException("this build's store has no call records (no RecordRepository in StorePorts)");
        }
        return new OpenedRepository() {
            @Override public RecordRepository repository() { return repository; }

            @Override public void close() { store.close(); }
        };
    }
}
