package io.callguard.server.admin;

import io.callguard.core.directory.DidNumber;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a number body {@code {"number","trunkId"}}: the number is normalised with the numbering plan
 * ({@code +33198765432} → {@code 0198765432}) and must be a French number a client can be given.
 * Whether the trunk belongs to the account is the service's check (it needs the store).
 */
final class NumberValidator {
    private static final Set<NumberCategory> ASSIGNABLE = EnumSet.of(NumberCategory.GEOGRAPHIC, NumberCategory.MOBILE,
            NumberCategory.NON_GEOGRAPHIC, NumberCategory.SPECIAL_FREE, NumberCategory.SPECIAL_NORMAL,
            NumberCategory.SPECIAL_SURCHARGED);
    private static final Set<String> FIELDS = Set.of("number", "trunkId");

    private final FrenchNumberingPlan plan;

    NumberValidator(FrenchNumberingPlan plan) { this.plan = plan; }

    /** The national form of an assignable French number, empty otherwise (a path segment that cannot exist). */
    Optional<String> normalise(String text) {
        ClassifiedNumber c = plan.classify(text);
        return ASSIGNABLE.contains(c.category()) ? Optional.of(c.normalized()) : Optional.empty();
    }

    DidNumber forCreate(String accountId, JsonObject body) { return read(accountId, body, null); }

    /** @param pathNumber the normalised number of the path; the body's, if given, must normalise to it */
    DidNumber forReplace(String accountId, String pathNumber, JsonObject body) { return read(accountId, body, pathNumber); }

    private DidNumber read(String accountId, JsonObject body, String pathNumber) {
        FieldReader f = new FieldReader(body, FIELDS);
        String number = null;
        String text = f.string("number", pathNumber == null);
        if (text != null) {
            ClassifiedNumber c = plan.classify(text);
            if (!ASSIGNABLE.contains(c.category())) {
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
        String trunkId = f.has("trunkId") ? Ids.read(f, "trunkId", false) : null;
        f.throwIfInvalid();
        return new DidNumber(number, accountId, trunkId);
    }
}
