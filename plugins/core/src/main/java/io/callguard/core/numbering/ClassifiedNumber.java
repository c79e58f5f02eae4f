package io.callguard.core.numbering;

import java.util.Objects;

/**
 * A dialled number after normalisation and classification.
 *
 * @param dialled    exactly what was dialled (never null; may be empty)
 * @param normalized national form for French numbers ({@code 0612345678}), the short number itself for
 *                   short numbers ({@code 112}), {@code +<digits>} for international numbers; for INVALID,
 *                   the dialled text unchanged
 * @param category   the class
 * @param tier       the surcharge tier for SPECIAL_SURCHARGED, null otherwise
 */
public record ClassifiedNumber(String dialled, String normalized, NumberCategory category, SurchargeTier tier) {
    public ClassifiedNumber {
        Objects.requireNonNull(dialled, "dialled");
        Objects.requireNonNull(normalized, "normalized");
        Objects.requireNonNull(category, "category");
        if ((category == NumberCategory.SPECIAL_SURCHARGED) != (tier != null)) {
            throw new IllegalArgumentException("a tier goes with SPECIAL_SURCHARGED and only with it: " + category + "/" + tier);
        }
    }

    public boolean isEmergency() { return category == NumberCategory.EMERGENCY; }
}
