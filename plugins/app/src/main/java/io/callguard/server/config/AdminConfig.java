package io.callguard.server.config;

import java.time.Duration;

/**
 * Admin HTTP API settings.
 *
 * @param host         bind address (default 127.0.0.1)
 * @param port         TCP port (default 8080; 0 = any free port)
 * @param token        bearer token required on /admin/** (no default, at least 16 characters; never printed)
 * @param maxBodyBytes largest request body (default 65536); larger → 413
 * @param idleTimeout  a connection that sends or receives nothing this long is closed (default 30 s)
 * @param maxConnections connections open at once (default 1000); more are closed as soon as accepted
 * @param maxConnectionsPerAddress connections open at once from one source address (default 100)
 */
public record AdminConfig(String host, int port, String token, int maxBodyBytes, Duration idleTimeout,
                          int maxConnections, int maxConnectionsPerAddress) {
    @Override public String toString() {
        return "AdminConfig[host=" + host + ", port=" + port + ", token=***, maxBodyBytes=" + maxBodyBytes
                + ", idleTimeout=" + idleTimeout + ", maxConnections=" + maxConnections
                + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + "]";
    }
}
