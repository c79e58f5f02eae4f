package io.callguard.directory;

import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a number body {@code {"number","trunkId"}}, plus the tariff fields of an 08 number, which the tariff rule
 * reads and checks ({@link NumberTariffFields}, R9: its refusal is a 400 naming the field and the ceiling). The number
 * is normalised with the numbering plan ({@code +33198765432} → {@code 0198765432}) and must be a French number a
 * client can be given ({@link io.callguard.core.numbering.NumberCategory#assignable}: a directory rule). Whether the
 * trunk belongs to the account is the service's check (it needs the store).
 */
public final class NumberValidator {
    /** The directory's own fields of a number body; the tariff rule adds its own. */
    public static final Set<String> FIELDS = Set.of("number", "trunkId");

    private final FrenchNumberingPlan plan;
    /** When an announcement is switched off (milliseconds, as the store keeps it). */
    private final Clock clock;
    private final Supplier<NumberTariffFields> tariffs;

    NumberValidator(FrenchNumberingPlan plan, Clock clock, Supplier<NumberTariffFields> tariffs) {
        this.plan = plan;
        this.clock = clock;
        this.tariffs = tariffs;
    }

    /** The national form of an assignable French number, empty otherwise (a path segment that cannot exist). */
    Optional<String> normalise(String text) {
        ClassifiedNumber c = plan.classify(text);
        return c.category().assignable() ? Optional.of(c.normalized()) : Optional.empty();
    }

    /**
     * @param actor who writes: the author of an announcement switch-off
     * @throws InvalidFields listing every bad field, or the tariff rule's refusal
     */
    DidNumber forCreate(String accountId, Map<String, Object> body, String actor) {
        return read(accountId, body, null, actor);
    }

    /**
     * @param pathNumber the normalised number of the path; the body's, if given, must normalise to it
     * @param actor      who writes; a switch-off that was already in force is kept by the service
     *                   ({@link NumberTariffFields#replacing})
     */
    DidNumber forReplace(String accountId, String pathNumber, Map<String, Object> body, String actor) {
        return read(accountId, body, pathNumber, actor);
    }

    private DidNumber read(String accountId, Map<String, Object> body, String pathNumber, String actor) {
        NumberTariffFields tariff = tariffs.get();
        Set<String> allowed = new HashSet<>(FIELDS);
        allowed.addAll(tariff.fields());
        BodyFields f = new BodyFields(body, allowed);
        String number = null;
        String text = f.string("number", pathNumber == null);
        if (text != null) {
            ClassifiedNumber c = plan.classify(text);
            if (!c.category().assignable()) {
                f.error("number", "must be a French geographic, mobile, 09 or 08 number, got '" + text + "' ("
                        + c.category() + ")");
            } else {
                number = c.normalized();
            }
        }
        if (pathNumber != null) {
            if (number != null && !number.equals(pathNumber)) {
                f.error("number", "must match the number in the path ('" + pathNumber + "')");
            }
            number = pathNumber;
        }
        String trunkId = f.has("trunkId") ? f.id("trunkId", false) : null;
        // read after the directory's fields, resolved only once they are valid: a refusal comes alone
        SpecialTariff resolved = tariff.read(f, number == null ? null : plan.classify(number), clock.instant(), actor);
        f.throwIfInvalid();
        return new DidNumber(number, accountId, trunkId, resolved);
    }
}
