package io.callguard.core.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong(1_000);

    @BeforeEach
    void attach() {
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() { logger.detachAppender(lines); }

    private List<String> written() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void aFloodWritesPerWindowLinesThenSaysHowManyWereLeftOut() {
        RateLimitedLog log = new RateLimitedLog(logger, 2, Duration.ofSeconds(10), nanos::get, RateLimitedLog.DEFAULT_SUMMARY);
        for (int i = 1; i <= 50; i++) log.warn("peer {} misbehaved", i);
        assertThat(written()).containsExactly("WARN peer 1 misbehaved", "WARN peer 2 misbehaved");

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        log.warn("peer {} misbehaved", 51);
        log.info("noticed {}", 52);
        log.warn("peer {} misbehaved", 53); // third of this window: left out
        assertThat(written()).endsWith("WARN (48 similar lines left out; 51 in all)", "WARN peer 51 misbehaved",
                "INFO noticed 52");
        assertThat(log.total()).isEqualTo(53);
    }

    @Test
    void aClockThatWentBackStartsANewWindowInsteadOfSilencingTheLog() {
        RateLimitedLog log = new RateLimitedLog(logger, 1, Duration.ofMinutes(1), nanos::get, "{} left out, {} in all");
        log.info("first");
        log.info("second");
        nanos.addAndGet(-Duration.ofHours(1).toNanos());
        log.info("third");
        assertThat(written()).containsExactly("INFO first", "INFO 1 left out, 3 in all", "INFO third");
    }
}
