package io.callguard.reports;

import io.callguard.core.directory.Account;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.callguard.reports.ReportsFixture.ACME;
import static io.callguard.reports.ReportsFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The printable monthly statement of a client, rendered and read back as a browser would. */
class StatementTest {
    private static final String STATEMENT = "/admin/v1/reports/statement";
    private static final String HOSTILE = "<script>alert('x')</script> & \"Fils\"";

    /** The carry-over scenario (29.50 € in October, 2.00 € in November) and a range of 100 numbers, 79 used. */
    static ReportsFixture scenario() throws Exception {
        ReportsFixture f = RevenueShareTest.carryOverScenario();
        f.directory.put(new Account(ACME, HOSTILE, Account.DEFAULT_MAX_CALL_SECONDS));
        NumberRangesTest.create(f, ACME, Map.of("first", "0198765400", "size", 100));
        for (int i = 0; i < 100; i++) f.plainNumber(ACME, String.format("01987654%02d", i));
        for (int i = 0; i < 79; i++) {
            f.write(f.call(ACME, io.callguard.core.policy.Direction.INBOUND, "0612345678", String.format("01987654%02d", i),
                    f.clock.instant().minusSeconds(86_400), 10, io.callguard.core.records.Disposition.ANSWERED));
        }
        return f;
    }

    static String html(ReportsFixture f, String month) throws Exception {
        RouteResponse r = f.get(STATEMENT, q("account", ACME, "month", month));
        assertThat(r.status()).isEqualTo(200);
        assertThat(((io.callguard.core.module.StreamedBody) r.body()).contentType()).isEqualTo("text/html; charset=utf-8");
        return ReportsFixture.text(r);
    }

    @Test
    void theStatementShowsTheCarryOverThePayableAmountAndTheRangesUse() throws Exception {
        Document doc = Jsoup.parse(html(scenario(), "2026-11"));
        assertThat(doc.select("#month").text()).isEqualTo("2026-11");
        assertThat(doc.select("#carried-in").text()).isEqualTo("29.50 €");
        assertThat(doc.select("#earned").text()).isEqualTo("2.00 €");
        assertThat(doc.select("#total").text()).isEqualTo("31.50 €");
        assertThat(doc.select("#status").attr("data-status")).isEqualTo("PAYABLE");
        assertThat(doc.select("#status").text()).isEqualTo("31.50 €");
        assertThat(doc.select("#share-sentence").text()).isEqualTo(
                "Revenue share: 29.50 € carried over from earlier months, 2.00 € in 2026-11 → 31.50 € payable for 2026-11.");
        Element line = doc.selectFirst("#share-lines tr.line");
        assertThat(line.select("td").eachText()).containsExactly("0899123456", "089", "0.80 € / minute", "1", "5.00", "4.00 €",
                "50.00 %", "2.00 €");
        Element range = doc.selectFirst("#range-lines tr.range");
        assertThat(range.select("td").eachText()).containsExactly("0198765400", "0198765499", "100", "100", "79", "79.00 %",
                "under 80 %: the unused numbers may be billed or released");

        Document oct = Jsoup.parse(html(scenario(), "2026-10"));
        assertThat(oct.select("#status").attr("data-status")).isEqualTo("CARRIED_OVER");
        assertThat(oct.select("#share-sentence").text()).isEqualTo(
                "Revenue share: 0.00 € carried over from earlier months, 29.50 € in 2026-10 → 29.50 € carried over to the next month.");
    }

    @Test
    void aHostileNameIsShownAsTextAndThePageLoadsNothingFromOutside() throws Exception {
        String html = html(scenario(), "2026-11");
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).as("no script element, the name's included").isEmpty();
        assertThat(doc.select("#account-name").text()).isEqualTo(HOSTILE);
        assertThat(doc.title()).contains(HOSTILE);
        assertThat(html).doesNotContain("<script>");
        assertThat(doc.select("[src], link[href], [style*=url(], iframe, object, embed")).isEmpty();
        assertThat(doc.select("style").html()).doesNotContain("url(").doesNotContain("@import").contains("@page");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        ReportsFixture f = scenario();
        assertThatThrownBy(() -> f.get(STATEMENT, q("month", "2026-11")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("account"));
        assertThatThrownBy(() -> f.get(STATEMENT, q("account", ACME, "month", "11/2026")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("month"));
        assertThatThrownBy(() -> f.get(STATEMENT, q("account", ACME, "format", "pdf")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("format"));
        assertThat(f.get(STATEMENT, q("account", "nobody", "month", "2026-11")).status()).isEqualTo(404);
    }

    /**
     * Prints the statement to PDF with headless Chromium when it is installed (skipped otherwise): the page renders
     * offline, on A4, into one page.
     */
    @Test
    void chromiumPrintsItToPdf(@TempDir Path dir) throws Exception {
        Path chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no chromium installed: the PDF print is not checked");
        Path page = dir.resolve("statement.html");
        Files.writeString(page, html(scenario(), "2026-11"), StandardCharsets.UTF_8);
        Path pdf = dir.resolve("statement.pdf");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-pdf-header-footer", "--user-data-dir=" + dir.resolve("profile"), "--print-to-pdf=" + pdf,
                page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium printed within 90 s").isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        // A4 (595 × 842 pt), from the page's @page rule, on one page
        assertThat(raw).containsPattern("/MediaBox \\[0 0 59[45](\\.[0-9]+)? 84[12](\\.[0-9]+)?]");
        assertThat(raw.split("/Type /Page\\b").length - 1).as("pages").isLessThanOrEqualTo(1);
    }
}
