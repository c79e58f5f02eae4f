package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.policy.Reasons;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Runs {@code testbed/prompts/render-prompts.sh} on the prompts in use for the fixture's numbers and checks what an
 * Asterisk would play: every prompt exists as an 8000 Hz mono 16-bit PCM WAV of a plausible length, and its
 * {@code .txt} sidecar holds exactly the text the service words for that charge. Needs espeak-ng and sox: skipped
 * without them on a workstation, failed without them in CI ({@code CI=true}).
 */
class RenderedPromptsTest {
    private static final Path SCRIPT = repositoryRoot().resolve("testbed/prompts/render-prompts.sh");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheSynthesiser() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "command -v espeak-ng && command -v sox")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (present) return;
        String why = "espeak-ng or sox is not installed (apt-get install -y espeak-ng sox): the prompts cannot be rendered";
        if ("true".equals(System.getenv("CI"))) fail(why + "; CI must install them");
        abort(why);
    }

    @Test
    void everyPromptInUseIsRenderedAt8kHzMonoWithTheTextOfItsCharge() throws Exception {
        List<TariffPrompt> inUse = TariffPrompts.inUse(TariffFixture.NUMBERS);
        assertThat(inUse).extracting(TariffPrompt::prompt).containsExactly("callguard/tariff/081-006-min",
                "callguard/tariff/082-020-call", "callguard/tariff/089-080-min", "callguard/tariff/089-300-call");
        Path sounds = dir.resolve("sounds");
        String output = render(sounds, TariffPrompts.tsv(inUse));

        for (TariffPrompt p : inUse) {
            assertRendered(sounds, p.prompt(), p.text());
            assertThat(p.text()).isEqualTo(TariffPrompts.frenchText(chargeOf(p.prompt()), unitOf(p.prompt())));
        }
        for (String fixed : denialPrompts()) {
            assertThat(output).contains(fixed);
            assertRendered(sounds, fixed, null);
        }
    }

    @Test
    void aStudioRecordingWithoutSidecarIsKeptAndAStaleSyntheticFileIsRenderedAgain() throws Exception {
        Path sounds = dir.resolve("sounds");
        TariffPrompt premium = TariffPrompts.prompt(io.callguard.core.numbering.SurchargeTier.T089, 80, ChargeUnit.MINUTE);
        TariffPrompt perCall = TariffPrompts.prompt(io.callguard.core.numbering.SurchargeTier.T082, 20, ChargeUnit.CALL);
        String tsv = TariffPrompts.tsv(List.of(premium, perCall));
        render(sounds, tsv);

        Path recording = sounds.resolve(premium.prompt() + ".wav");
        byte[] studio = Files.readAllBytes(sounds.resolve("callguard/trunk-full.wav"));
        Files.write(recording, studio);
        Files.delete(sounds.resolve(premium.prompt() + ".txt"));
        Files.writeString(sounds.resolve(perCall.prompt() + ".txt"), "an older text\n");

        String output = render(sounds, tsv);
        assertThat(Files.readAllBytes(recording)).isEqualTo(studio);
        assertThat(sounds.resolve(premium.prompt() + ".txt")).doesNotExist();
        assertThat(output).contains("kept      " + premium.prompt(), "rendered  " + perCall.prompt(),
                "current   callguard/line-suspended");
        assertRendered(sounds, perCall.prompt(), perCall.text());
    }

    /** Runs the script with {@code tsv} on stdin; returns its output, fails on a non-zero exit. */
    private String render(Path sounds, String tsv) throws IOException, InterruptedException {
        Path in = Files.writeString(dir.resolve("prompts.tsv"), tsv);
        Path log = dir.resolve("render.log");
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), "--out", sounds.toString())
                .redirectInput(in.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("render-prompts.sh did not finish in 90 s: " + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private static void assertRendered(Path sounds, String prompt, String text) throws IOException {
        Path wav = sounds.resolve(prompt + ".wav");
        Path txt = sounds.resolve(prompt + ".txt");
        assertThat(wav).as(prompt).exists();
        WavHeader header = WavHeader.read(Files.readAllBytes(wav));
        assertThat(header.format()).as(prompt + " PCM").isEqualTo(1);
        assertThat(header.sampleRate()).as(prompt + " sample rate").isEqualTo(8000);
        assertThat(header.channels()).as(prompt + " channels").isEqualTo(1);
        assertThat(header.bitsPerSample()).as(prompt + " bits").isEqualTo(16);
        assertThat(header.seconds()).as(prompt + " duration").isBetween(1.0, 15.0);
        assertThat(txt).as(prompt + " sidecar").exists();
        String said = Files.readString(txt, StandardCharsets.UTF_8);
        assertThat(said).endsWith("\n");
        if (text != null) assertThat(said.substring(0, said.length() - 1)).isEqualTo(text);
    }

    /** The prompts callguard's denials name: every {@code Reasons.PROMPT_*}, plus the deadline/failure prompt. */
    private static List<String> denialPrompts() throws IllegalAccessException {
        List<String> prompts = new ArrayList<>();
        for (Field f : Reasons.class.getFields()) {
            if (f.getName().startsWith("PROMPT_") && Modifier.isStatic(f.getModifiers())) prompts.add((String) f.get(null));
        }
        assertThat(prompts).isNotEmpty();
        prompts.add("callguard/service-unavailable");
        return prompts;
    }

    private static int chargeOf(String prompt) { return Integer.parseInt(prompt.split("-")[1]); }

    private static ChargeUnit unitOf(String prompt) { return prompt.endsWith("-min") ? ChargeUnit.MINUTE : ChargeUnit.CALL; }

    private static Path repositoryRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve("testbed/prompts/render-prompts.sh"))) d = d.getParent();
        if (d == null) throw new IllegalStateException("no testbed/prompts/render-prompts.sh above " + Path.of("").toAbsolutePath());
        return d;
    }
}
