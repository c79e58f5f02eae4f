package io.callguard.server.config;

import io.callguard.core.config.Option;
import io.callguard.core.module.RuleModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One page per rule family under {@code docs/rules/}: each shipped rule module has the page that names it
 * ({@code Rule module: `name`}), every key the module declares appears on that page, and the README links every page,
 * so that a key added to a module without its documentation fails the build.
 */
class RuleDocsTest {
    private static Path root() { return ExampleConfigTest.exampleFile().getParent().getParent(); }

    /** Page file name → its text, for every page under docs/rules. */
    private static Map<String, String> pages() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root().resolve("docs/rules"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                out.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return out;
    }

    @Test
    void everyKeyOfARuleModuleIsOnItsFamilysPage() throws IOException {
        Map<String, String> pages = pages();
        List<RuleModule> modules = ShippedModules.all();
        assertThat(modules).as("shipped rule modules").isNotEmpty();
        for (RuleModule m : modules) {
            String marker = "Rule module: `" + m.name() + "`";
            List<String> naming = new ArrayList<>();
            pages.forEach((file, text) -> {
                if (text.contains(marker)) naming.add(file);
            });
            assertThat(naming).as("the docs/rules page of module " + m.name() + " (a line '" + marker + "')").hasSize(1);
            String page = pages.get(naming.get(0));
            for (Option o : m.options()) {
                assertThat(page).as(o.path() + " of module " + m.name() + " on docs/rules/" + naming.get(0))
                        .contains("`" + o.path() + "`");
            }
        }
    }

    @Test
    void theReadmeLinksEveryRulePageAndTheArchitecture() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        assertThat(readme).contains("(docs/architecture.md)");
        for (String file : pages().keySet()) {
            assertThat(readme).as("README links docs/rules/" + file).contains("(docs/rules/" + file + ")");
        }
    }
}
