package io.callguard.testkit.agi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgiArgumentsTest {
    @Test
    void splitsOnBlanksAndGroupsDoubleQuotesLikeResAgi() {
        assertThat(AgiArguments.parse("EXEC MSet \"A=1,B=two words\"")).containsExactly("EXEC", "MSet", "A=1,B=two words");
        assertThat(AgiArguments.parse("EXEC \"MSet\" \"A=1\"")).containsExactly("EXEC", "MSet", "A=1");
        assertThat(AgiArguments.parse("STREAM FILE hello-world \"\"")).containsExactly("STREAM", "FILE", "hello-world", "");
        assertThat(AgiArguments.parse("SET VARIABLE X a\\ b")).containsExactly("SET", "VARIABLE", "X", "a b");
        assertThat(AgiArguments.parse("  NOOP   ")).containsExactly("NOOP");
    }
}
