package io.callguard.credit.balance;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;

import java.util.Objects;

/**
 * An account's credit threshold (CGV 8.2: "set from its profile and number of lines"): the operator's
 * {@code creditThresholdCents} when set, else {@code credit.thresholdBaseCents + credit.thresholdPerChannelCents ×}
 * the channels of the account's trunks. Read from the directory in memory at each use: a change applies at once.
 */
public final class ThresholdRule {
    private final Directory directory;
    private final long baseCents;
    private final long perChannelCents;

    public ThresholdRule(Directory directory, long baseCents, long perChannelCents) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.baseCents = baseCents;
        this.perChannelCents = perChannelCents;
    }

    /** The threshold in euro cents of {@code account}. */
    public long thresholdCents(Account account) {
        if (account.creditThresholdCents() != null) return account.creditThresholdCents();
        long channels = 0;
        for (Trunk t : directory.trunksOf(account.id())) channels += t.channels();
        return baseCents + perChannelCents * channels;
    }

    /** Whether the threshold is the computed default (no {@code creditThresholdCents} of its own). */
    public static boolean computed(Account account) { return account.creditThresholdCents() == null; }
}
