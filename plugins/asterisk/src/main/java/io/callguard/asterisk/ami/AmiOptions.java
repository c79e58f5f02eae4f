package io.callguard.asterisk.ami;

import java.time.Duration;

/**
 * AMI connection settings.
 *
 * @param host             Asterisk host (default 127.0.0.1)
 * @param port             AMI port (default 5038)
 * @param username         AMI user (default callguard)
 * @param secret           AMI secret (no default: required; never logged)
 * @param pingInterval     a Ping this often detects a dead link (default 5 s)
 * @param reconnectMin     first retry delay (default 500 ms), doubled up to reconnectMax (default 30 s)
 * @param reconnectMax     longest retry delay
 * @param connectTimeout   TCP connect + login timeout (default 5 s)
 */
public record AmiOptions(String host, int port, String username, String secret, Duration pingInterval,
                         Duration reconnectMin, Duration reconnectMax, Duration connectTimeout) {
    @Override public String toString() {
        return "AmiOptions[host=" + host + ", port=" + port + ", username=" + username + ", secret=***]";
    }
}
