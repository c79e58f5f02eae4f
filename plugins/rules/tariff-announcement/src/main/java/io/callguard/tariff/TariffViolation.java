package io.callguard.tariff;

import java.util.Objects;

/**
 * A special tariff the rules refuse. The admin API answers 400 with {@link #field()} (the JSON field at fault:
 * {@code chargeCents}, {@code chargeUnit} or {@code announcement}) and the message, which names the legal ceiling.
 * An {@link IllegalArgumentException}, so that code which maps those to 400 already does the right thing.
 */
public final class TariffViolation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public TariffViolation(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The admin API field at fault. */
    public String field() { return field; }
}
