package io.callguard.cti.sms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTextTest {
    @Test
    void plainGsm7TextUpTo160CharactersIsOneSegment() {
        TextAnalysis a = SmsText.analyze("a".repeat(160));
        assertThat(a).isEqualTo(new TextAnalysis(SmsEncoding.GSM7, 1, 160, 160));
        assertThat(SmsText.analyze("Bonjour, votre RDV est à 14h à l'agence. Réf: 42 @ £5 ¥ Ä ß")
                .encoding()).isEqualTo(SmsEncoding.GSM7);
    }

    @Test
    void longerGsm7TextIsSplitIn153SeptetParts() {
        assertThat(SmsText.analyze("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsText.analyze("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsText.analyze("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        TextAnalysis a = SmsText.analyze("€".repeat(80));
        assertThat(a).isEqualTo(new TextAnalysis(SmsEncoding.GSM7, 1, 80, 160));
        assertThat(SmsText.analyze("€".repeat(80) + "a").segments()).isEqualTo(2);
        assertThat(SmsText.analyze("{}[]~|^\\").units()).isEqualTo(16);
    }

    @Test
    void anEscapePairIsNeverCutBetweenTwoParts() {
        // 152 septets, then '€' (2) would straddle the 153 boundary: it moves to part 2
        String text = "a".repeat(152) + "€" + "a".repeat(152);
        TextAnalysis a = SmsText.analyze(text);
        assertThat(a.units()).isEqualTo(306);
        assertThat(a.segments()).as("306 septets would fit 2 parts, but not without cutting the escape").isEqualTo(3);
    }

    @Test
    void anyCharacterOutsideGsm7MakesTheWholeTextUcs2() {
        assertThat(SmsText.analyze("a".repeat(70)).encoding()).isEqualTo(SmsEncoding.GSM7);
        TextAnalysis a = SmsText.analyze("ç".repeat(70));
        assertThat(a).isEqualTo(new TextAnalysis(SmsEncoding.UCS2, 1, 70, 70));
        assertThat(SmsText.analyze("ç".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsText.analyze("ç".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsText.analyze("ç".repeat(135)).segments()).isEqualTo(3);
        assertThat(SmsText.analyze("Привет").encoding()).isEqualTo(SmsEncoding.UCS2);
    }

    @Test
    void emojiTakeTwoUtf16UnitsAndAreNotSplit() {
        TextAnalysis a = SmsText.analyze("😀".repeat(35));
        assertThat(a).isEqualTo(new TextAnalysis(SmsEncoding.UCS2, 1, 35, 70));
        // 134 units would fit 2 parts of 67, but the emoji would straddle the boundary: it moves to part 2
        String text = "x".repeat(66) + "😀" + "x".repeat(66);
        assertThat(SmsText.analyze(text).units()).isEqualTo(134);
        assertThat(SmsText.analyze(text).segments()).isEqualTo(3);
    }

    @Test
    void problemsAreNamedClearly() {
        SmsText two = new SmsText(2);
        assertThat(two.problem("")).contains("text is required and must not be empty");
        assertThat(two.problem(null)).isPresent();
        assertThat(two.problem("a".repeat(306))).isEmpty();
        assertThat(two.problem("a".repeat(307))).contains(
                "text needs 3 SMS segments (307 GSM-7 septets), more than the 2 allowed (at most 306 GSM-7 septets)");
        assertThat(two.problem("ç".repeat(135))).contains(
                "text needs 3 SMS segments (135 UCS-2 code units), more than the 2 allowed (at most 134 UCS-2 code units)");
        assertThat(two.problem("a\uD83Db")).get().asString().contains("unpaired UTF-16 surrogate");
        assertThat(SmsText.withDefaults().problem("a".repeat(1530))).isEmpty();
        assertThat(SmsText.withDefaults().problem("a".repeat(1531))).isPresent();
    }
}
