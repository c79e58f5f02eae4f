package io.callguard.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module graph, read from the sources and the poms as {@code grep} would: asterisk-java stays inside the Asterisk
 * adapter, so that the rules speak only core's ports (call control, call events, decisions); no rule module reaches
 * vertx-web or JDBC either (HTTP and the store are adapters); vertx-web stays inside the HTTP adapter, which reaches
 * neither the store nor the app; and the folders say what each module is
 * ({@code plugins/rules/*}, {@code plugins/adapters/*}, {@code plugins/app}). The bench compares
 * callguard with a plain asterisk-java FastAGI server, so it may use asterisk-java too (it is a test tool, never
 * deployed). Text scanning keeps the test free of any dependency and independent of the build order.
 */
class ArchitectureTest {
    private static final String ASTERISK_JAVA = "org.asteriskjava";
    /** Modules whose main code may use asterisk-java: the adapter, and the bench's asterisk-java baseline. */
    private static final Set<String> MAY_USE_ASTERISK_JAVA = Set.of("asterisk", "bench");
    private static final List<String> RULE_MODULES = List.of("call-caps", "directory", "suspension", "tariff-announcement", "cti");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    private static Path plugins() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("plugins/core")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("plugins");
            }
        }
        throw new IllegalStateException("no plugins/ folder above " + Path.of("").toAbsolutePath());
    }

    /** Every Maven module under plugins/, at any depth (plugins/core, plugins/rules/call-caps, ...). */
    private static List<Path> modules() throws IOException {
        try (Stream<Path> s = Files.walk(plugins(), 3)) {
            return s.filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
                    .filter(m -> !m.toString().contains("/target")).sorted().toList();
        }
    }

    /** The module folder named {@code name}, wherever the layout puts it. */
    private static Path module(String name) throws IOException {
        return modules().stream().filter(m -> m.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no module folder named " + name + " under " + plugins()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main Java files of {@code module} that contain {@code text}, relative to plugins/. */
    private static List<String> mainFilesContaining(Path module, String text) throws IOException {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) return List.of();
        try (Stream<Path> s = Files.walk(main)) {
            return s.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains(text))
                    .map(p -> plugins().relativize(p).toString()).sorted().toList();
        }
    }

    /** Each {@code <dependency>} of the pom as artifactId plus scope ("compile" when none is given). */
    private static List<String> dependencies(Path module) {
        List<String> out = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(read(module.resolve("pom.xml")));
        while (m.find()) {
            String block = m.group(1);
            out.add(tag(block, "artifactId") + ":" + (tag(block, "scope").isEmpty() ? "compile" : tag(block, "scope")));
        }
        return out;
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">\\s*([^<]*?)\\s*</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void asteriskJavaAppearsOnlyInTheAsteriskAdaptersMainCode() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (Path module : modules()) {
            List<String> hits = mainFilesContaining(module, ASTERISK_JAVA);
            if (MAY_USE_ASTERISK_JAVA.contains(module.getFileName().toString())) allowed.addAll(hits);
            else offenders.addAll(hits);
        }
        // the adapter's own AMI client no longer uses asterisk-java; the bench's baselines still do
        assertThat(allowed).as("the scan sees the allowed modules' use (it is not vacuous)").isNotEmpty();
        assertThat(offenders).as("main code using asterisk-java outside the Asterisk adapter").isEmpty();
    }

    @Test
    void noRuleModuleDependsOnAsteriskJavaOrOnTheAdapterOutsideItsTests() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : RULE_MODULES) {
            Path module = module(name);
            for (String dep : dependencies(module)) {
                if (dep.startsWith("asterisk-java:")) found.add(name + " -> " + dep);
                if (dep.startsWith("callguard-asterisk:") && !dep.endsWith(":test")) found.add(name + " -> " + dep);
            }
            found.addAll(mainFilesContaining(module, ASTERISK_JAVA));
            found.addAll(mainFilesContaining(module, "io.callguard.asterisk."));
        }
        assertThat(found).as("rule modules reaching asterisk-java or the Asterisk adapter").isEmpty();
    }

    @Test
    void coreDependsOnNeitherAsteriskJavaNorVertx() throws IOException {
        Path core = module("core");
        assertThat(dependencies(core)).noneMatch(d -> d.startsWith("asterisk-java:") || d.startsWith("vertx-"));
        assertThat(mainFilesContaining(core, ASTERISK_JAVA)).isEmpty();
        assertThat(mainFilesContaining(core, "io.vertx")).isEmpty();
    }

    @Test
    void noRuleModuleDependsOnVertxWebOrJdbc() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : RULE_MODULES) {
            Path module = module(name);
            for (String dep : dependencies(module)) {
                if (dep.startsWith("vertx-web") || dep.startsWith("callguard-store:") || dep.startsWith("HikariCP:")
                        || dep.startsWith("h2:") || dep.startsWith("postgresql:")) {
                    if (!dep.endsWith(":test")) found.add(name + " -> " + dep);
                }
            }
            found.addAll(mainFilesContaining(module, "io.vertx.ext.web"));
            found.addAll(mainFilesContaining(module, "java.sql"));
            found.addAll(mainFilesContaining(module, "io.callguard.store."));
        }
        assertThat(found).as("rule modules reaching vertx-web or JDBC").isEmpty();
    }

    @Test
    void theFoldersShowTheArchitecture() throws IOException {
        for (String name : RULE_MODULES) {
            assertThat(plugins().relativize(module(name)).toString()).isEqualTo("rules/" + name);
        }
        assertThat(plugins().relativize(module("asterisk")).toString()).isEqualTo("adapters/asterisk");
        assertThat(plugins().relativize(module("store")).toString()).isEqualTo("adapters/store");
        assertThat(plugins().relativize(module("http")).toString()).isEqualTo("adapters/http");
        assertThat(plugins().resolve("app/pom.xml")).isRegularFile();
    }

    @Test
    void vertxWebIsUsedOnlyByTheHttpAdapter() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path module : modules()) {
            String name = module.getFileName().toString();
            if (name.equals("http")) continue;
            for (String dep : dependencies(module)) {
                // the web client of the tests is test scope wherever it is used
                if (dep.startsWith("vertx-web") && !dep.endsWith(":test")) found.add(name + " -> " + dep);
            }
            found.addAll(mainFilesContaining(module, "io.vertx.ext.web"));
        }
        Path http = module("http");
        assertThat(dependencies(http)).as("the scan sees the adapter's own use (it is not vacuous)")
                .contains("vertx-web:compile");
        assertThat(mainFilesContaining(http, "io.vertx.ext.web")).isNotEmpty();
        assertThat(found).as("vertx-web outside the HTTP adapter's main code (the app's tests may use the web client)")
                .isEmpty();
    }

    @Test
    void onlyTheAppKnowsThePrometheusRegistry() throws IOException {
        // docs/metrics.md: everything counts through the micrometer-core facade; the app builds the one registry
        List<String> found = new ArrayList<>();
        for (Path module : modules()) {
            String name = module.getFileName().toString();
            if (name.equals("app")) continue;
            for (String dep : dependencies(module)) {
                if (dep.startsWith("micrometer-registry-")) found.add(name + " -> " + dep);
            }
            found.addAll(mainFilesContaining(module, "io.micrometer.prometheus"));
        }
        assertThat(mainFilesContaining(module("app"), "io.micrometer.prometheusmetrics")).as("not vacuous").isNotEmpty();
        assertThat(mainFilesContaining(module("http"), "io.micrometer")).as("the HTTP adapter serves a scrape function")
                .isEmpty();
        assertThat(found).as("a Prometheus registry outside the app").isEmpty();
    }

    @Test
    void theHttpAdapterReachesNeitherTheStoreNorTheApp() throws IOException {
        Path http = module("http");
        List<String> found = new ArrayList<>();
        for (String dep : dependencies(http)) {
            if (dep.startsWith("callguard-store:") || dep.startsWith("callguard-server:")) found.add(dep);
        }
        found.addAll(mainFilesContaining(http, "io.callguard.store."));
        found.addAll(mainFilesContaining(http, "io.callguard.server."));
        found.addAll(mainFilesContaining(http, "java.sql"));
        assertThat(found).as("the HTTP adapter speaks core's ports and the app's small interfaces only").isEmpty();
    }

    @Test
    void noRuleModuleDependsOnAnotherRuleModule() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : RULE_MODULES) {
            for (String dep : dependencies(module(name))) {
                for (String other : RULE_MODULES) {
                    if (dep.startsWith("callguard-" + other + ":") && !dep.endsWith(":test")) found.add(name + " -> " + dep);
                }
            }
        }
        assertThat(found).as("a rule family depends on core only (DESIGN: adding one touches no other module)").isEmpty();
    }
}
