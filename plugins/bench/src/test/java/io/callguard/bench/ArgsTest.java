package io.callguard.bench;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {
    private static Args parse(String... argv) {
        return Args.parse(argv, Set.of("quiet"), Set.of("port", "host"));
    }

    @Test
    void aRepeatedOptionKeepsEveryValueInOrderAndReadsAsItsLast() {
        // ConnectionFlood takes one --port per listener it floods: none may be lost
        Args a = parse("--port", "8081", "--port=8080", "--host", "h");
        assertThat(a.integers("port", 1, 65535)).containsExactly(8081, 8080);
        assertThat(a.integer("port", 0, 1, 65535)).isEqualTo(8080);
        assertThat(a.strings("host")).containsExactly("h");
        assertThat(a.integers("nothing", 1, 2)).isEmpty();
        assertThat(a.string("nothing", "default")).isEqualTo("default");
    }

    @Test
    void flagsUnknownNamesMissingValuesAndRangesAreChecked() {
        assertThat(parse("--quiet").has("quiet")).isTrue();
        assertThatThrownBy(() -> parse("--colour", "red")).hasMessageStartingWith("unknown option --colour");
        assertThatThrownBy(() -> parse("--port")).hasMessage("--port: a value must follow");
        assertThatThrownBy(() -> parse("--port", "8081", "--port", "x").integers("port", 1, 65535))
                .hasMessage("--port: not an integer: 'x'");
        assertThatThrownBy(() -> parse("--port", "0").integers("port", 1, 65535)).hasMessage("--port: must be 1..65535");
    }
}
