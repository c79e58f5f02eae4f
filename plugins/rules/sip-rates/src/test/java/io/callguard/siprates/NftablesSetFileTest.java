package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nftables set file: its exact text after each change of the block list (start, block, unblock, expiry; IPv4
 * and IPv6), its atomic replacement, and a write that fails.
 */
class NftablesSetFileTest {
    private static final Instant T0 = Instant.parse("2026-12-06T17:00:00Z");
    private static final String FLUSHES = "flush set inet callguard blocked4\nflush set inet callguard blocked6\n";
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryBlockedAddressRepository repo = new InMemoryBlockedAddressRepository();
    private final List<SipRatesModule.Parts> started = new ArrayList<>();
    @TempDir Path dir;

    @AfterEach
    void close() { started.forEach(SipRatesModule.Parts::close); }

    private SipRatesModule.Parts start(NftablesOptions nft) {
        SipRatesOptions options = new SipRatesOptions(60, 30, Duration.ofMinutes(10), AddressRanges.NONE, Map.of(),
                List.of(), List.of(), nft);
        SipRatesModule.Parts parts = SipRatesModule.Parts.of(options, clock, new InMemoryAuditLog(),
                FrenchNumberingPlan.withDefaults(), repo);
        started.add(parts);
        return parts;
    }

    private NftablesOptions file(Path file) {
        return new NftablesOptions(file, NftablesOptions.DEFAULT_SET4, NftablesOptions.DEFAULT_SET6);
    }

    private static String read(Path file) throws Exception { return Files.readString(file); }

    @Test
    void theFileHoldsTheListWithTheRemainingTimesAfterEachChange() throws Exception {
        Path file = dir.resolve("callguard-blocked.nft");
        SipRatesModule.Parts p = start(file(file));
        p.actions().drain();
        assertThat(read(file)).as("at the start, nothing blocked: both sets emptied").isEqualTo(FLUSHES);

        SipFlood.overR7(p, T0, "198.51.100.7", 0);
        p.actions().drain();
        assertThat(read(file)).isEqualTo(FLUSHES
                + "add element inet callguard blocked4 { 198.51.100.7 timeout 600s }\n");

        // 90.5 s later an IPv6 flooder: the first block's remaining 509.5 s rounds up (never shorter than callguard's)
        clock.advance(Duration.ofMillis(90_500));
        SipFlood.overR7(p, T0, "2001:db8::9", 90_500_000L);
        p.actions().drain();
        assertThat(read(file)).isEqualTo(FLUSHES
                + "add element inet callguard blocked4 { 198.51.100.7 timeout 510s }\n"
                + "add element inet callguard blocked6 { 2001:db8:0:0:0:0:0:9 timeout 600s }\n");

        // lifted by the route
        clock.advance(Duration.ofSeconds(10));
        ModuleRoute delete = BlockedAddressRoutes.of(p.blocks(), p.actions(), clock).stream()
                .filter(r -> r.method() == ModuleRoute.Method.DELETE).findFirst().orElseThrow();
        assertThat(delete.handler().handle(new FakeAdminRequest(Map.of("address", "198.51.100.7"))).status()).isEqualTo(204);
        p.actions().drain();
        assertThat(read(file)).isEqualTo(FLUSHES
                + "add element inet callguard blocked6 { 2001:db8:0:0:0:0:0:9 timeout 590s }\n");

        // a restart rewrites it with what is left
        p.close();
        started.remove(p);
        clock.advance(Duration.ofSeconds(290));
        SipRatesModule.Parts again = start(file(file));
        again.actions().drain();
        assertThat(read(file)).isEqualTo(FLUSHES
                + "add element inet callguard blocked6 { 2001:db8:0:0:0:0:0:9 timeout 300s }\n");

        // expired by the timer: empty sets
        clock.advance(Duration.ofSeconds(300));
        again.tick();
        again.actions().drain();
        assertThat(read(file)).isEqualTo(FLUSHES);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left beside it").containsExactly(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void theSetsAreTheOnesConfigured() {
        NftablesOptions mine = new NftablesOptions(dir.resolve("f"), "ip filter sip_v4", "ip6 filter sip_v6");
        String text = NftablesSetFile.text(mine, List.of(
                new BlockedAddress("192.0.2.9", "r", T0, T0.plusSeconds(60), 1),
                new BlockedAddress("2001:db8:0:0:0:0:0:1", "r", T0, T0.plusSeconds(120), 1),
                new BlockedAddress("192.0.2.10", "r", T0.minusSeconds(600), T0, 1)), T0.plusMillis(1));
        assertThat(text).as("an expired block is not written").isEqualTo("""
                flush set ip filter sip_v4
                flush set ip6 filter sip_v6
                add element ip filter sip_v4 { 192.0.2.9 timeout 60s }
                add element ip6 filter sip_v6 { 2001:db8:0:0:0:0:0:1 timeout 120s }
                """);
    }

    @Test
    void aFailedWriteIsLoggedAndTheBlockingGoesOn() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("nft"));
        Path file = sub.resolve("blocked.nft");
        SipRatesModule.Parts p = start(file(file));
        p.actions().drain();
        Files.delete(file);
        Files.delete(sub); // the directory goes away under callguard

        Logger logger = (Logger) LoggerFactory.getLogger(NftablesSetFile.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            SipFlood.overR7(p, T0, "198.51.100.7", 0);
            p.actions().drain();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(p.blocks().find("198.51.100.7")).isPresent();
        assertThat(repo.all()).extracting(BlockedAddress::address).containsExactly("198.51.100.7");
        assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("could not be written").contains(file.toString()));

        // back: the next change writes the whole list
        Files.createDirectory(sub);
        SipFlood.overR7(p, T0, "198.51.100.8", 700_000L);
        p.actions().drain();
        assertThat(read(file)).isEqualTo(FLUSHES
                + "add element inet callguard blocked4 { 198.51.100.7 timeout 600s }\n"
                + "add element inet callguard blocked4 { 198.51.100.8 timeout 600s }\n");
    }

    @Test
    void offByDefaultNoFileIsWritten() throws Exception {
        SipRatesModule.Parts p = start(NftablesOptions.OFF);
        SipFlood.overR7(p, T0, "198.51.100.7", 0);
        p.actions().drain();
        assertThat(p.blocks().find("198.51.100.7")).isPresent();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
