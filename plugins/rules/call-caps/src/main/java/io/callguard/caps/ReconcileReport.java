package io.callguard.caps;

/**
 * What one reconciliation changed.
 *
 * @param freed   trunk reservations whose call has no live channel any more
 * @param adopted live calls on a trunk that held no reservation (after a restart, a lost decision) now counted
 * @param expired reservations dropped because they outlived their maximum duration plus margin
 */
public record ReconcileReport(int freed, int adopted, int expired) {
    public static final ReconcileReport NOTHING = new ReconcileReport(0, 0, 0);

    public boolean changedNothing() { return freed == 0 && adopted == 0 && expired == 0; }
}
