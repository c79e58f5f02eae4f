package io.callguard.records.chain;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Gap;
import io.callguard.core.records.RecordRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The node's record chain as the call-records module runs it: {@link #start} loads (or creates) the signing key,
 * opens the writer and runs it; {@link #submit} takes finished calls and gaps from any thread; {@link #adminRoutes}
 * is the verify route; {@link #stop} stores what it can and keeps the rest for the next start.
 */
public final class RecordsChain {
    private static final Logger LOG = LoggerFactory.getLogger(RecordsChain.class);

    private final ChainOptions options;
    private final RecordRepository repository;
    private final CheckpointSigner signer;
    private final RecordWriter writer;

    private RecordsChain(ChainOptions options, RecordRepository repository, CheckpointSigner signer, RecordWriter writer) {
        this.options = options;
        this.repository = repository;
        this.signer = signer;
        this.writer = writer;
    }

    /**
     * Starts the chain: the signing key is read from {@code records.signingKeyFile}, or created there (owner-only
     * permissions, public key beside it, logged once) when the file does not exist.
     *
     * @param executor the writer's thread, null for one of its own
     * @throws IllegalArgumentException the key file exists but holds no key, or cannot be created (names the key)
     */
    public static RecordsChain start(ChainOptions options, RecordRepository repository, Clock clock,
                                     ScheduledExecutorService executor) {
        return start(options, repository, clock, executor, false);
    }

    /**
     * As {@link #start(ChainOptions, RecordRepository, Clock, ScheduledExecutorService)}, and
     *
     * @param restartGapEndsAtResync the restart gap ends at the first {@link #resynchronised} instead of at the start
     *                               (the module's case: calls that end before the AMI stream is seen again are unseen)
     */
    public static RecordsChain start(ChainOptions options, RecordRepository repository, Clock clock,
                                     ScheduledExecutorService executor, boolean restartGapEndsAtResync) {
        Objects.requireNonNull(options, "options");
        CheckpointSigner signer = signer(options);
        RecordWriter writer = new RecordWriter(repository, options, clock, signer);
        if (restartGapEndsAtResync) writer.endRestartGapAtResync();
        writer.open();
        writer.start(executor);
        LOG.info("records: node {} writes its chain, checkpoints signed by key {}", options.node(), signer.keyId());
        return new RecordsChain(options, repository, signer, writer);
    }

    static CheckpointSigner signer(ChainOptions options) {
        if (Files.exists(options.signingKeyFile())) return CheckpointSigner.load(options.signingKeyFile());
        CheckpointSigner created = CheckpointSigner.create(options.signingKeyFile());
        LOG.warn("records: created the checkpoint signing key {} (keyId {}); keep a copy outside this machine and publish"
                        + " its public key ({}):\n{}", options.signingKeyFile(), created.keyId(),
                CheckpointSigner.publicFile(options.signingKeyFile()), created.publicKeyPem());
        return created;
    }

    public void submit(CallRecord call) { writer.submit(call); }

    public void submit(Gap gap) { writer.submit(gap); }

    /** The live calls were resynchronised (the AMI stream is seen whole): the first one ends the restart gap. */
    public void resynchronised(java.time.Instant at) { writer.resynchronised(at); }

    public RecordWriter writer() { return writer; }

    public CheckpointSigner signer() { return signer; }

    public String node() { return options.node(); }

    /** A verifier with this node's public key. */
    public ChainVerifier verifier() { return new ChainVerifier(repository, signer.publicKey()); }

    /** {@code GET /admin/v1/records/verify} and {@code GET /admin/v1/records/checkpoints}. */
    public List<ModuleRoute> adminRoutes() {
        return List.of(VerifyRoute.of(repository, verifier(), options.node()),
                CheckpointsRoute.of(repository, signer, options.node()));
    }

    public void stop() { writer.stop(); }
}
