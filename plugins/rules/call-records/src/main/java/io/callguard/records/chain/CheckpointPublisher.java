package io.callguard.records.chain;

import io.callguard.core.records.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Publishes a signed checkpoint outside the store: one INFO log line and, when {@code records.checkpointFile} is set,
 * one JSON line appended to that file. The writer's checkpoints and the purge's anchors go out the same way, so that
 * whoever collects them reads one format.
 */
public final class CheckpointPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

    private CheckpointPublisher() { }

    /** @param why said after the log line, e.g. {@code " (purge anchor)"}; empty for the writer's own */
    public static void publish(Checkpoint c, Optional<Path> file, String why) {
        LOG.info("records checkpoint: node={} seq={} head={} at={} keyId={} signature={}{}", c.node(), c.seq(),
                c.headHash(), c.at(), c.keyId(), c.signature(), why);
        file.ifPresent(f -> appendTo(f, c));
    }

    private static void appendTo(Path file, Checkpoint c) {
        String line = "{\"node\":\"" + c.node() + "\",\"seq\":" + c.seq() + ",\"headHash\":\"" + c.headHash()
                + "\",\"at\":\"" + c.at() + "\",\"keyId\":\"" + c.keyId() + "\",\"signature\":\"" + c.signature() + "\"}\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("records: cannot append the checkpoint at seq {} to {}: {}", c.seq(), file, e.toString());
        }
    }
}
