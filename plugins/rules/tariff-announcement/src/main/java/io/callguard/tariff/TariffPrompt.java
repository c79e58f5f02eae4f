package io.callguard.tariff;

import java.util.Objects;

/**
 * One tariff announcement: the Asterisk sound name the dialplan plays ({@code callguard/tariff/089-080-min}) and
 * the French sentence it says. Ordered by prompt name.
 */
public record TariffPrompt(String prompt, String text) implements Comparable<TariffPrompt> {
    public TariffPrompt {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(text, "text");
        if (prompt.indexOf('\t') >= 0 || prompt.indexOf('\n') >= 0 || text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a prompt line holds no tab or line break");
        }
    }

    /** The line {@code testbed/prompts/render-prompts.sh} reads: {@code prompt<TAB>text}. */
    public String tsvLine() { return prompt + '\t' + text; }

    @Override
    public int compareTo(TariffPrompt other) {
        int c = prompt.compareTo(other.prompt);
        return c != 0 ? c : text.compareTo(other.text);
    }
}
