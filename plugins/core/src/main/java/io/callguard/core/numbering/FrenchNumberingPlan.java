package io.callguard.core.numbering;

import java.util.Set;

/** STUB: to be implemented (normalisation + classification). */
public final class FrenchNumberingPlan {
    public static final Set<String> DEFAULT_EMERGENCY_NUMBERS =
            Set.of("15", "17", "18", "112", "114", "115", "119", "116000", "191", "196", "197");

    private final Set<String> emergencyNumbers;

    public FrenchNumberingPlan(Set<String> emergencyNumbers) { this.emergencyNumbers = Set.copyOf(emergencyNumbers); }

    public static FrenchNumberingPlan withDefaults() { return new FrenchNumberingPlan(DEFAULT_EMERGENCY_NUMBERS); }

    public Set<String> emergencyNumbers() { return emergencyNumbers; }

    /** Never throws: garbage is INVALID. */
    public ClassifiedNumber classify(String dialled) {
        throw new UnsupportedOperationException("stub");
    }
}
