package io.callguard.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for request text: which characters are refused where, and how the refusal names its place. */
class ControlCharactersTest {
    @Test
    void everyC0ControlDelAndC1ControlIsRefusedAndNothingElseOfTheBmp() {
        for (char c = 0; c < 0xD800; c++) {
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
            assertThat(ControlCharacters.problem("a" + c + "b", false)).as("U+%04X", (int) c).isEqualTo(
                    control ? java.util.Optional.of("must not contain control characters (tab and line breaks "
                            + "included); found " + String.format("U+%04X", (int) c) + " at character 2")
                            : java.util.Optional.empty());
        }
    }

    @Test
    void freeTextMayHoldTabAndLineBreaksButNoOtherControl() {
        assertThat(ControlCharacters.problem("line one\r\n\tline two\n", true)).isEmpty();
        assertThat(ControlCharacters.problem("line one\r\n\tline two\n", false)).isPresent();
        assertThat(ControlCharacters.problem("bell\u0007", true)).hasValue("must not contain control characters other "
                + "than tab, line feed and carriage return; found U+0007 at character 5");
        assertThat(ControlCharacters.problem("\u0000", true)).isPresent();
    }

    @Test
    void surrogatesMustBePaired() {
        assertThat(ControlCharacters.problem("ok \uD83D\uDE00 é ü ß 中", false)).isEmpty();
        assertThat(ControlCharacters.problem("x\uD83D", false))
                .hasValue("must be valid Unicode; found the unpaired surrogate U+D83D at character 2");
        assertThat(ControlCharacters.problem("\uDE00x", false)).isPresent();
    }

    @Test
    void everyStringOfABodyIsCheckedAndNamedByItsPath() {
        JsonObject body = new JsonObject().put("name", "a\u0000").put("note", "two\nlines").put("ok", "fine")
                .put("count", 3).put("nested", new JsonObject().put("deep", "x\u001By"))
                .put("list", new JsonArray().add("fine").add("\u0085")).put("bad\u0001name", "v");

        assertThat(ControlCharacters.inJson(body, Set.of("note"))).extracting(FieldError::field)
                .containsExactlyInAnyOrder("name", "nested.deep", "list[1]", "bad\u0001name");
        assertThat(ControlCharacters.inJson(body, Set.of())).extracting(FieldError::field).contains("note");
    }
}
