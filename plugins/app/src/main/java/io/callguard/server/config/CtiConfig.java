package io.callguard.server.config;

import java.time.Duration;

/**
 * The CTI API's listener (R8, keys {@code cti.host}, {@code cti.port}…): its own HTTP listener for the clients'
 * business applications, separate from the internal admin API. What it serves (SMS, click-to-call, their limits) is
 * the cti rule module's, configured by the module's own {@code cti.*} keys ({@code io.callguard.cti.CtiOptions}).
 *
 * @param host         bind address (default 127.0.0.1)
 * @param port         TCP port (default 8081; 0 = any free port)
 * @param maxBodyBytes largest request body (default 16384); larger → 413
 * @param idleTimeout  a connection that sends or receives nothing this long is closed (default 30 s)
 * @param maxConnections connections open at once (default 10000); more are closed as soon as accepted
 * @param maxConnectionsPerAddress connections open at once from one source address (default 1000)
 */
public record CtiConfig(String host, int port, int maxBodyBytes, Duration idleTimeout, int maxConnections,
                        int maxConnectionsPerAddress) { }
