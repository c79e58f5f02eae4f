package io.callguard.siprates;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The block list as a file {@code nft -f} loads: both sets flushed, then one element per block with its remaining
 * time as the element's timeout, so that loading it gives the firewall the current list whatever it held before (nft
 * applies a file as one transaction: no moment without the blocks). Rewritten whole on {@link SipRateActions}' thread,
 * through a temporary file in the same directory moved over the old one: a reader never sees half a file.
 */
final class NftablesSetFile {
    private static final Logger LOG = LoggerFactory.getLogger(NftablesSetFile.class);
    private final NftablesOptions options;

    NftablesSetFile(NftablesOptions options) { this.options = options; }

    boolean enabled() { return options.enabled(); }

    /**
     * The file's text for the blocks in force at {@code now}. The timeout is the remaining time rounded up to the
     * second (at least 1 s): the firewall never lets an address through before callguard unblocks it.
     */
    static String text(NftablesOptions options, List<BlockedAddress> blocks, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("flush set ").append(options.set4()).append('\n');
        sb.append("flush set ").append(options.set6()).append('\n');
        for (BlockedAddress b : blocks) {
            long millis = Duration.between(now, b.until()).toMillis();
            if (millis <= 0) continue;
            long seconds = Math.max(1, (millis + 999) / 1000);
            String set = b.address().indexOf(':') >= 0 ? options.set6() : options.set4();
            sb.append("add element ").append(set).append(" { ").append(b.address()).append(" timeout ").append(seconds)
                    .append("s }\n");
        }
        return sb.toString();
    }

    /** Replaces the file with {@link #text}; false when it could not (logged: the block list stands). */
    boolean write(List<BlockedAddress> blocks, Instant now) {
        if (!options.enabled()) return true;
        Path file = options.file().toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text(options, blocks, now).getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) out.write(bytes);
                out.force(true); // on disk before the rename: a crash leaves the old file or the new, never an empty one
            }
            // createTempFile makes it 0600; the firewall's loader may run as another user. Addresses are no secret.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("the nftables set file {} could not be written (the block list stands; the firewall keeps its "
                    + "previous set until the next change)", file, e);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary file stays; the next write makes another
                }
            }
            return false;
        }
    }
}
