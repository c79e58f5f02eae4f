package io.callguard.credit.rating;

import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RouteResponse.InvalidFields.FieldError;
import io.callguard.core.numbering.NumberCategory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A plan's lines as CSV: commas or semicolons, quotes, comments, and every mistake named by line and column. */
class TariffPlanCsvTest {
    private static List<FieldError> errors(String csv) {
        InvalidFields e = catchThrowableOfType(() -> TariffPlanCsv.read(csv, Map.of()), InvalidFields.class);
        assertThat(e).as("refused").isNotNull();
        return e.errors();
    }

    @Test
    void commaSeparatedLinesWithTheirDefaultsFromTheQuery() {
        String csv = """
                # the issue's plan
                id,destination,prefix,perMinuteCents,serviceChargePerMinuteCents,firstIncrementSeconds,nextIncrementSeconds
                mobile,MOBILE,,15,,,
                special-089,SPECIAL_SURCHARGED,089,2,80,,

                "intl-44",INTERNATIONAL,"+44",4.5,,60,60
                """;
        TariffPlanDraft d = TariffPlanCsv.read(csv, Map.of("name", "Pro CSV", "firstIncrementSeconds", "30"));
        assertThat(d.name()).isEqualTo("Pro CSV");
        assertThat(d.rates()).extracting(TariffRate::id).containsExactly("mobile", "special-089", "intl-44");
        TariffRate mobile = d.rates().get(0);
        assertThat(mobile.destination()).isEqualTo(NumberCategory.MOBILE);
        assertThat(mobile.firstIncrementSeconds()).isEqualTo(30);
        assertThat(mobile.nextIncrementSeconds()).isEqualTo(1);
        assertThat(d.rates().get(1).serviceChargePerMinuteCents()).isEqualByComparingTo("80");
        assertThat(d.rates().get(2).perMinuteCents()).isEqualByComparingTo("4.5");
        assertThat(d.rates().get(2).firstIncrementSeconds()).isEqualTo(60);
    }

    @Test
    void semicolonsAndDecimalCommasAsAFrenchSpreadsheetSavesThem() {
        String csv = "\uFEFFdestination;id;perMinuteCents;free\r\nMOBILE;mobile;\"15,5\";\r\nGEOGRAPHIC;fixe;;oui\r\n";
        List<FieldError> e = errors(csv);
        assertThat(e).containsExactly(new FieldError("line 3, free", "must be true or false, got 'oui'"));
        TariffPlanDraft d = TariffPlanCsv.read(csv.replace("oui", "true"), Map.of());
        assertThat(d.rates().get(0).perMinuteCents()).isEqualByComparingTo("15.5");
        assertThat(d.rates().get(1).free()).isTrue();
    }

    @Test
    void mistakesAreNamedByLineAndColumn() {
        String csv = """
                id,destination,prefix,perMinuteCents
                mobile,MOBILE,,15
                fixed,GEOGRAPHIC,,abc
                short,OTHER,3900
                uk,INTERNATIONAL,+44,1
                uk,INTERNATIONAL,+441,1
                """;
        assertThat(errors(csv)).containsExactly(
                new FieldError("line 3, perMinuteCents", Cents.RULE + ", got 'abc'"),
                new FieldError("line 4", "3 cells, the header has 4"),
                new FieldError("line 6, id", "'uk' is already the id of line 5, id"));
    }

    @Test
    void theHeaderIsChecked() {
        assertThat(errors("id,destination,price\nm,MOBILE,1\n"))
                .containsExactly(new FieldError("line 1, price", "unknown column (known: "
                        + String.join(", ", TariffPlanReader.RATE_FIELDS) + ")"));
        assertThat(errors("id,perMinuteCents\nm,1\n"))
                .containsExactly(new FieldError("line 1, destination", "required column missing"));
        assertThat(errors("")).extracting(FieldError::field).containsExactly("body");
        assertThat(errors("id,destination\n")).containsExactly(new FieldError("body", "a plan has at least one line"));
        assertThat(errors("id,destination,perMinuteCents\n\"m,MOBILE,1\n"))
                .containsExactly(new FieldError("line 2", "a quoted cell is not closed (a cell may not span lines)"));
    }

    @Test
    void aControlCharacterInACellIsNamedByLineAndColumn() {
        assertThat(errors("id,destination,perMinuteCents\nmo\u0000bile,MOBILE,1\nfixed,GEOGRAPHIC,1\u0085\n"))
                .containsExactly(
                        new FieldError("line 2, id", "must not contain control characters (tab and line breaks "
                                + "included); found U+0000 at character 3"),
                        new FieldError("line 3, perMinuteCents", "must not contain control characters (tab and line "
                                + "breaks included); found U+0085 at character 2"));
        assertThat(errors("id,destination\u007F\nm,MOBILE\n")).extracting(FieldError::field)
                .containsExactly("line 1, column 2", "line 1, destination");
    }

    @Test
    void planValuesFromTheQueryAreCheckedToo() {
        InvalidFields e = catchThrowableOfType(() -> TariffPlanCsv.read("id,destination,perMinuteCents\nm,MOBILE,1\n",
                Map.of("nextIncrementSeconds", "0", "connectionFeeCents", "1.5.2")), InvalidFields.class);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("connectionFeeCents", "nextIncrementSeconds");
    }
}
