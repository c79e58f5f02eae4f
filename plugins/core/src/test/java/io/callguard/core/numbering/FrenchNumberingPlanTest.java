package io.callguard.core.numbering;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import static io.callguard.core.numbering.NumberCategory.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrenchNumberingPlanTest {
    private final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();

    private void check(String dialled, String normalized, NumberCategory category, SurchargeTier tier) {
        ClassifiedNumber c = plan.classify(dialled);
        assertThat(c.dialled()).as("dialled of %s", dialled).isEqualTo(dialled);
        assertThat(c.category()).as("category of '%s'", dialled).isEqualTo(category);
        assertThat(c.normalized()).as("normalized of '%s'", dialled).isEqualTo(normalized);
        assertThat(c.tier()).as("tier of '%s'", dialled).isEqualTo(tier);
    }

    @Test
    void mustShowNumbersAreClassifiedAsTheContractSays() {
        check("0612345678", "0612345678", MOBILE, null);
        check("+33612345678", "0612345678", MOBILE, null);
        check("0033612345678", "0612345678", MOBILE, null);
        check("0899123456", "0899123456", SPECIAL_SURCHARGED, SurchargeTier.T089);
        check("0821123456", "0821123456", SPECIAL_SURCHARGED, SurchargeTier.T082);
        check("0800123456", "0800123456", SPECIAL_FREE, null);
        check("0806123456", "0806123456", SPECIAL_NORMAL, null);
        check("00442071234567", "+442071234567", INTERNATIONAL, null);
        for (String e : FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS) check(e, e, EMERGENCY, null);
        check("116117", "116117", OTHER, null);
        check("abc", "abc", INVALID, null);
        check("*123", "*123", INVALID, null);
        check("", "", INVALID, null);
    }

    @ParameterizedTest(name = "{0} → {2} {1}")
    @CsvSource(delimiter = '|', value = {
            // geographic 01–05
            "0123456789      | 0123456789 | GEOGRAPHIC",
            "0223456789      | 0223456789 | GEOGRAPHIC",
            "0323456789      | 0323456789 | GEOGRAPHIC",
            "0423456789      | 0423456789 | GEOGRAPHIC",
            "0523456789      | 0523456789 | GEOGRAPHIC",
            "+33123456789    | 0123456789 | GEOGRAPHIC",
            "0033523456789   | 0523456789 | GEOGRAPHIC",
            // mobile
            "0712345678      | 0712345678 | MOBILE",
            "+33712345678    | 0712345678 | MOBILE",
            // non-geographic
            "0912345678      | 0912345678 | NON_GEOGRAPHIC",
            "+33912345678    | 0912345678 | NON_GEOGRAPHIC",
            // 08 free / normal boundaries
            "0805123456      | 0805123456 | SPECIAL_FREE",
            "0803000000      | 0803000000 | SPECIAL_FREE",
            "+33800123456    | 0800123456 | SPECIAL_FREE",
            "0809123456      | 0809123456 | SPECIAL_NORMAL",
            "0807123456      | 0807123456 | SPECIAL_NORMAL",
            // 083–088: well-formed but no service class
            "0831234567      | 0831234567 | OTHER",
            "0884123456      | 0884123456 | OTHER",
            // international
            "+442071234567   | +442071234567   | INTERNATIONAL",
            "+12125551234    | +12125551234    | INTERNATIONAL",
            "0012125551234   | +12125551234    | INTERNATIONAL",
            "+3212345678     | +3212345678     | INTERNATIONAL",
            "+123456789012345| +123456789012345| INTERNATIONAL",
            "0032 2 123 45 67| +3221234567     | INTERNATIONAL",
            // short and other numbers
            "3949            | 3949       | OTHER",
            "3646            | 3646       | OTHER",
            "1                | 1         | OTHER",
            "10              | 10         | OTHER",
            "1234567890      | 1234567890 | OTHER",
            "116111          | 116111     | OTHER",
            "1121            | 1121       | OTHER",
    })
    void validNumbers(String dialled, String normalized, NumberCategory category) {
        check(dialled, normalized, category, null);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "0810123456    | T081",
            "0819999999    | T081",
            "+33812345678  | T081",
            "0820000000    | T082",
            "0033826123456 | T082",
            "0890123456    | T089",
            "+33899123456  | T089",
    })
    void surchargedNumbersCarryTheirTier(String dialled, SurchargeTier tier) {
        ClassifiedNumber c = plan.classify(dialled);
        assertThat(c.category()).isEqualTo(SPECIAL_SURCHARGED);
        assertThat(c.tier()).isEqualTo(tier);
        assertThat(c.normalized()).startsWith(tier.prefix()).hasSize(10);
    }

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(delimiter = '|', value = {
            "06 12 34 56 78         | 0612345678",
            "06.12.34.56.78         | 0612345678",
            "06-12-34-56-78         | 0612345678",
            "+33 (0)6 12 34 56 78   | 0612345678",
            "00 33 0 1 98 76 54 32  | 0198765432",
            "33612345678            | 0612345678",
            "+330612345678          | 0612345678",
            "00330612345678         | 0612345678",
            "33 8 99 12 34 56       | 0899123456",
            "+33 (0)0 12 34 56 78   | INVALID",
            "+33 6 12 34 56 78      | 0612345678",
            "(+33) 6-12-34-56-78    | 0612345678",
            "' 0612345678 '         | 0612345678",
            "00 33 6 12 34 56 78    | 0612345678",
            "1 1 2                  | 112",
            "'(15)'                 | 15",
    })
    void separatorsAreStripped(String dialled, String expected) {
        ClassifiedNumber c = plan.classify(dialled);
        if (expected.equals("INVALID")) {
            assertThat(c.category()).isEqualTo(INVALID);
        } else {
            assertThat(c.normalized()).isEqualTo(expected);
            assertThat(c.category()).isNotEqualTo(INVALID);
        }
    }

    @ParameterizedTest(name = "''{0}'' is INVALID")
    @ValueSource(strings = {
            "", " ", "   ", "-", "().-", "abc", "*123", "#", "123#", "06123456a8", "o612345678",
            "+", "+ ", "++33612345678", "33+612345678", "06123+45678", "0612345678+",
            "\t0612345678", "0612345678\n", "06_12_34_56_78", "06/12/34/56/78", "０６１２３４５６７８",
            // wrong national lengths
            "0", "061234567", "06123456789", "01", "0800", "089912345",
            // +33 / 0033 with a wrong length (a trunk 0 kept after the country code is accepted: see separators)
            "+33", "+3361234567", "+336123456789", "0033", "003361234567", "+3300612345678",
            "+33012345678",
            // international E.164 bounds and country code 0
            "+1234567", "001234567", "+1234567890123456", "001234567890123456", "+0123456789", "000123456789",
            "00",
            // too long for anything
            "1234567890123456",
            // emergency numbers with a plus are not emergency numbers and too short for E.164
            "+112", "+15",
    })
    void garbageIsInvalidAndKeptUnchanged(String dialled) {
        check(dialled, dialled, INVALID, null);
    }

    @Test
    void nullIsInvalidAndNeverThrows() {
        ClassifiedNumber c = plan.classify(null);
        assertThat(c.category()).isEqualTo(INVALID);
        assertThat(c.dialled()).isEmpty();
        assertThat(c.normalized()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("emergencyNumbers")
    void everyDefaultEmergencyNumberIsEmergency(String number) {
        ClassifiedNumber c = plan.classify(number);
        assertThat(c.isEmergency()).isTrue();
        assertThat(c.normalized()).isEqualTo(number);
    }

    static Stream<String> emergencyNumbers() { return FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS.stream(); }

    @Test
    void emergencyMatchIsExactNotAPrefix() {
        assertThat(plan.classify("1120").category()).isEqualTo(OTHER);
        assertThat(plan.classify("1160001").category()).isEqualTo(OTHER);
        assertThat(plan.classify("0112").category()).isEqualTo(INVALID);
        assertThat(plan.classify("11 2").category()).isEqualTo(EMERGENCY);
    }

    @Test
    void aConfiguredEmergencyListReplacesTheDefault() {
        FrenchNumberingPlan custom = new FrenchNumberingPlan(Set.of("112", "3624"));
        assertThat(custom.classify("3624").category()).isEqualTo(EMERGENCY);
        assertThat(custom.classify("112").category()).isEqualTo(EMERGENCY);
        assertThat(custom.classify("15").category()).isEqualTo(OTHER);
        assertThat(custom.emergencyNumbers()).containsExactlyInAnyOrder("112", "3624");
    }

    @Test
    void anEmptyEmergencyListMakesNothingEmergency() {
        FrenchNumberingPlan none = new FrenchNumberingPlan(Set.of());
        assertThat(none.classify("112").category()).isEqualTo(OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11a", "+112", "1 12", "*15"})
    void emergencyEntriesMustBeDigitsOnly(String bad) {
        assertThatThrownBy(() -> new FrenchNumberingPlan(Set.of("112", bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'");
    }

    @Test
    void nullEmergencyEntryOrListIsRejected() {
        Set<String> withNull = new LinkedHashSet<>();
        withNull.add("112");
        withNull.add(null);
        assertThatThrownBy(() -> new FrenchNumberingPlan(withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
        assertThatThrownBy(() -> new FrenchNumberingPlan(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "0123456789+ .-()*#aZ\t\u0000é";
        for (int i = 0; i < 20_000; i++) {
            int len = random.nextInt(20);
            StringBuilder sb = new StringBuilder(len);
            for (int j = 0; j < len; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String s = sb.toString();
            assertThatCode(() -> plan.classify(s)).as("'%s'", s).doesNotThrowAnyException();
        }
    }
}
