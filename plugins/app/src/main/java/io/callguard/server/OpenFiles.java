package io.callguard.server;

import io.callguard.cti.CtiOptions;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigKeys;
import org.slf4j.Logger;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The open-files requirement: every connection the listeners may hold is a file descriptor, so the process's
 * limit ({@code ulimit -n}, RLIMIT_NOFILE) must cover {@code fastagi.maxConnections + admin.maxConnections +
 * cti.maxConnections + store.maximumPoolSize} plus {@value #RESERVE} for the rest (jars, logs, AMI, SIP, outgoing
 * callbacks, connections being refused). Checked once at start: below it, one WARN names the number needed.
 */
final class OpenFiles {
    static final int RESERVE = 512;

    private OpenFiles() { }

    static long needed(Config config) {
        long n = (long) config.fastAgi().maxConnections() + config.admin().maxConnections()
                + config.store().maximumPoolSize() + RESERVE;
        // the CTI listener runs with the cti module's cti.enabled
        if (config.modules().view(ConfigKeys.MODULE_OPTIONS, null).bool(CtiOptions.ENABLED)) {
            n += config.cti().maxConnections();
        }
        return n;
    }

    /** The process's RLIMIT_NOFILE, when the JVM can tell (Unix). */
    static OptionalLong limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }

    /** The WARN to log when {@code limit} is below {@code needed}. */
    static Optional<String> warning(long limit, long needed) {
        if (limit >= needed) return Optional.empty();
        return Optional.of("open files limit (ulimit -n) is " + limit + ", below the " + needed + " the configured "
                + "connection limits need (fastagi/admin/cti.maxConnections, store.maximumPoolSize, + " + RESERVE
                + "): raise it to at least " + needed + " (e.g. LimitNOFILE=" + needed + " in the systemd unit) or "
                + "lower the limits; a flood could otherwise exhaust the descriptors FastAGI needs");
    }

    static void check(Config config, Logger log) {
        OptionalLong limit = limit();
        long needed = needed(config);
        if (limit.isEmpty()) {
            log.info("open files limit unknown on this platform; the configured connection limits need {}", needed);
            return;
        }
        Optional<String> warning = warning(limit.getAsLong(), needed);
        if (warning.isPresent()) log.warn(warning.get());
        else log.info("open files limit {} (the configured connection limits need {})", limit.getAsLong(), needed);
    }
}
