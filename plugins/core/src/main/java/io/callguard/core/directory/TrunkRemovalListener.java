package io.callguard.core.directory;

/**
 * Told when a trunk no longer exists (deleted, or its account deleted), after the directory forgot it, so that what a
 * rule keeps per trunk does not outlive it: a trunk created again with the same id starts empty. Must not block.
 */
@FunctionalInterface
public interface TrunkRemovalListener {
    void trunkRemoved(String trunkId);
}
