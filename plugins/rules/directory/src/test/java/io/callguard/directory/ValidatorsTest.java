package io.callguard.directory;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RouteResponse.InvalidFields.FieldError;
import io.callguard.core.numbering.FrenchNumberingPlan;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The account, trunk and number bodies: what they become, and the messages of each mistake. */
class ValidatorsTest {
    private final NumberValidator numbers = new NumberValidator(FrenchNumberingPlan.withDefaults(),
            Clock.fixed(Instant.parse("2026-02-02T09:00:00Z"), ZoneOffset.UTC), () -> DirectoryService.NO_TARIFF);

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
        return out;
    }

    private static List<FieldError> errors(Runnable read) {
        return catchThrowableOfType(InvalidFields.class, read::run).errors();
    }

    @Test
    void anAccountTakesItsCreditThresholdAndTariffPlanOrLeavesThemToTheDefaults() {
        assertThat(AccountValidator.forReplace("acme", body("name", "Acme", "creditThresholdCents", 1000,
                "tariffPlan", "pro-2026")))
                .isEqualTo(new Account("acme", "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null, null, null, 1000L, "pro-2026"));
        assertThat(AccountValidator.forReplace("acme", body("name", "Acme", "creditThresholdCents", null,
                "tariffPlan", null)).creditThresholdCents()).as("absent: the computed default").isNull();
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "acme", "name", "Acme", "creditThresholdCents", -1,
                "tariffPlan", "pro 2026"))))
                .containsExactlyInAnyOrder(new FieldError("creditThresholdCents", "must be 0..1000000000, got -1"),
                        new FieldError("tariffPlan", io.callguard.core.directory.Ids.RULE));
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "acme", "name", "Acme", "creditThresholdCents", "10"))))
                .containsExactly(new FieldError("creditThresholdCents", "must be an integer (0..1000000000)"));
    }

    @Test
    void anAccountTakesItsMonthlySubscriptionTheGtrPenaltiesBaseOrNone() {
        Account a = AccountValidator.forReplace("acme", body("name", "Acme", "monthlySubscriptionCents", 49_900));
        assertThat(a.monthlySubscriptionCents()).isEqualTo(49_900L);
        assertThat(DirectoryJson.account(a)).containsEntry("monthlySubscriptionCents", 49_900L);
        Account none = AccountValidator.forReplace("acme", body("name", "Acme", "monthlySubscriptionCents", null));
        assertThat(none.monthlySubscriptionCents()).isNull();
        assertThat(DirectoryJson.account(none)).doesNotContainKey("monthlySubscriptionCents");
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "acme", "name", "Acme", "monthlySubscriptionCents", -1))))
                .containsExactly(new FieldError("monthlySubscriptionCents", "must be 0..1000000000, got -1"));
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "acme", "name", "Acme", "monthlySubscriptionCents", "10"))))
                .containsExactly(new FieldError("monthlySubscriptionCents", "must be an integer (0..1000000000)"));
    }

    @Test
    void anAccountTakesItsAnniversaryAndTheInvoiceDayTheBackOfficeSets() {
        assertThat(AccountValidator.forReplace("acme", body("name", "Acme", "activatedOn", "2024-01-31", "invoiceDay", 31)))
                .isEqualTo(new Account("acme", "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null,
                        java.time.LocalDate.parse("2024-01-31"), 31));
        assertThat(AccountValidator.forReplace("acme", body("name", "Acme", "activatedOn", null, "invoiceDay", null)))
                .isEqualTo(new Account("acme", "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null));
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "acme", "name", "Acme", "activatedOn", "31/01/2024",
                "invoiceDay", 0))))
                .containsExactlyInAnyOrder(new FieldError("activatedOn", "must be a date YYYY-MM-DD, got '31/01/2024'"),
                        new FieldError("invoiceDay", "must be 1..31, got 0"));
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "acme", "name", "Acme", "invoiceDay", 32))))
                .containsExactly(new FieldError("invoiceDay", "must be 1..31, got 32"));
    }

    @Test
    void theInvoiceDayTheBackOfficeSetWinsOverTheAnniversarysDay() {
        java.time.LocalDate anniversary = java.time.LocalDate.parse("2024-01-31");
        assertThat(new Account("a", "A", 60, null, anniversary, null).billingDay()).isEqualTo(31);
        assertThat(new Account("a", "A", 60, null, anniversary, 5).billingDay()).isEqualTo(5);
        assertThat(new Account("a", "A", 60, null, null, 5).billingDay()).isEqualTo(5);
        assertThat(new Account("a", "A", 60).billingDay()).isNull();
    }

    @Test
    void anAccountTakesItsDefaultsAndItsLimits() {
        assertThat(AccountValidator.forCreate(body("id", "acme", "name", "Acme")))
                .isEqualTo(new Account("acme", "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null));
        assertThat(AccountValidator.forReplace("acme", body("name", "Acme", "maxCallSeconds", 60, "callsPerSecond", 0)))
                .isEqualTo(new Account("acme", "Acme", 60, 0));
        assertThat(errors(() -> AccountValidator.forCreate(body("id", "a b", "name", " ", "maxCallSeconds", 0,
                "callsPerSecond", "1", "colour", "red"))))
                .containsExactlyInAnyOrder(new FieldError("colour", "unknown field"),
                        new FieldError("id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"),
                        new FieldError("name", "must be 1 to 200 characters, not blank"),
                        new FieldError("maxCallSeconds", "must be 1..86400, got 0"),
                        new FieldError("callsPerSecond", "must be an integer (0..1000)"));
        assertThat(errors(() -> AccountValidator.forReplace("acme", body("id", "other", "name", "Acme"))))
                .containsExactly(new FieldError("id", "must match the id in the path ('acme')"));
        assertThat(errors(() -> AccountValidator.forCreate(body())))
                .containsExactly(new FieldError("id", "is required"), new FieldError("name", "is required"));
    }

    @Test
    void aTrunkTakesItsKindsChannelsUnlessOther() {
        assertThat(TrunkValidator.forCreate("acme", body("id", "t1", "kind", "t0_ip")))
                .isEqualTo(new Trunk("t1", "acme", TrunkKind.T0_IP, TrunkKind.T0_IP.defaultChannels()));
        assertThat(errors(() -> TrunkValidator.forCreate("acme", body("id", "t1", "kind", "OTHER"))))
                .containsExactly(new FieldError("channels", "is required"));
        assertThat(errors(() -> TrunkValidator.forCreate("acme", body("id", "t1", "kind", "SIP", "channels", 1001))))
                .containsExactly(new FieldError("kind", "must be T0_IP, T2_IP or OTHER"),
                        new FieldError("channels", "must be 0..1000, got 1001"));
        assertThat(errors(() -> TrunkValidator.forReplace("acme", "t1", body("id", "t2", "kind", "T2_IP"))))
                .containsExactly(new FieldError("id", "must match the trunk id in the path ('t1')"));
    }

    @Test
    void aNumberIsAnAssignableFrenchNumberInNationalForm() {
        assertThat(numbers.forCreate("acme", body("number", "+33198765432", "trunkId", "t1"), "alice"))
                .isEqualTo(new DidNumber("0198765432", "acme", "t1", null));
        assertThat(numbers.normalise("+33198765432")).contains("0198765432");
        assertThat(numbers.normalise("112")).isEmpty();
        assertThat(errors(() -> numbers.forCreate("acme", body("number", "112", "trunkId", "a b"), "alice")))
                .containsExactly(new FieldError("number",
                        "must be a French geographic, mobile, 09 or 08 number, got '112' (EMERGENCY)"),
                        new FieldError("trunkId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        assertThat(errors(() -> numbers.forReplace("acme", "0198765432", body("number", "0198765433"), "alice")))
                .containsExactly(new FieldError("number", "must match the number in the path ('0198765432')"));
        assertThat(errors(() -> numbers.forCreate("acme", body("number", "0198765432", "chargeCents", 0), "alice")))
                .as("without the tariff rule a number takes no tariff field")
                .containsExactly(new FieldError("chargeCents", "unknown field"));
    }
}
