package io.callguard.server.config;

import java.time.Duration;

/** @param drainTimeout on stop, how long in-flight FastAGI sessions may finish (default 5 s) */
public record ShutdownConfig(Duration drainTimeout) { }
