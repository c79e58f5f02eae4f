package io.callguard.asterisk.fastagi;

import io.callguard.core.log.RateLimitedLog;
import org.slf4j.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns once per unknown script path. Only the first {@link #MAX_REMEMBERED} paths are remembered, so a peer
 * trying endless paths neither grows memory nor the log: past that, the warnings go through a rate limit.
 */
final class UnknownScriptLog {
    static final int MAX_REMEMBERED = 64;

    private final Logger log;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog overflow;

    UnknownScriptLog(Logger log) {
        this.log = log;
        this.overflow = new RateLimitedLog(log, 1, 60_000);
    }

    void unknown(String script, String remote) {
        String path = LogText.of(script);
        if (seen.contains(path)) return;
        if (seen.size() < MAX_REMEMBERED) {
            if (seen.add(path)) {
                log.warn("FastAGI {}: unknown script '{}' (expected 'outbound' or 'inbound'); answering DENY UNKNOWN_SCRIPT"
                        + " except for emergency numbers. Logged once per path.", remote, path);
            }
        } else {
            overflow.warn("FastAGI {}: unknown script '{}' (too many distinct unknown paths to list each)", remote, path);
        }
    }
}
