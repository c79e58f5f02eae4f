package io.callguard.http.admin;

/**
 * The AMI link as /ready reports it. {@code SYNCING}: connected, but the first resynchronisation after the start
 * ({@code CoreShowChannels}) is not applied yet, so the call caps do not know the calls already up: not ready.
 */
public enum AmiStatus {
    UP, DOWN, DISABLED, SYNCING;

    /** Whether decisions can be exact on this side: AMI up and synchronised, or not used at all. */
    public boolean ready() { return this == UP || this == DISABLED; }
}
