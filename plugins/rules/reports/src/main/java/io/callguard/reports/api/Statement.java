package io.callguard.reports.api;

import io.callguard.core.directory.Account;
import io.callguard.reports.NumberRanges;
import io.callguard.reports.NumberRanges.RangeUse;
import io.callguard.reports.RevenueShare.AccountMonth;
import io.callguard.reports.RevenueShare.Line;
import io.callguard.reports.RevenueShare.MonthReport;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import static io.callguard.reports.api.Html.esc;

/**
 * A client's monthly statement as one self-contained HTML page that prints well (A4, no external resource, no
 * script): the revenue share of its 08 numbers for the month (R10) and the use of its number ranges (R13). Every
 * text from the directory or the store is escaped.
 */
final class Statement {
    private static final String CSS = """
            @page { size: A4; margin: 15mm 12mm; }
            body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; margin: 0; }
            h1 { font-size: 16pt; margin: 0 0 2mm; }
            h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.4pt solid #000; }
            p { margin: 1mm 0; }
            table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
            th, td { border: 0.4pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
            th { background: #eee; }
            td.num, th.num { text-align: right; white-space: nowrap; }
            thead { display: table-header-group; }
            tr { page-break-inside: avoid; break-inside: avoid; }
            .flag { font-weight: bold; }
            .summary th { width: 60%; }
            .sentence { font-weight: bold; margin-top: 3mm; }
            .muted { color: #444; font-size: 8.5pt; }
            @media screen { body { margin: 12mm auto; max-width: 186mm; } }
            @media print { body { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
            """;

    private Statement() { }

    static String render(Account account, MonthReport report, AccountMonth month, NumberRanges.UseReport use,
                         BigDecimal thresholdCents, Instant issuedAt) {
        StringBuilder b = new StringBuilder(8192);
        String m = report.month().toString();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Monthly statement ").append(esc(m)).append(" – ").append(esc(account.name()))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<header>\n<h1>Monthly statement</h1>\n")
                .append("<p>Client: <span id=\"account-name\">").append(esc(account.name())).append("</span> (account <span id=\"account-id\">")
                .append(esc(account.id())).append("</span>)</p>\n")
                .append("<p>Month: <span id=\"month\">").append(esc(m)).append("</span> (").append(esc(report.from()))
                .append(" – ").append(esc(report.to())).append(")")
                .append(report.closed() ? ", closed at " + esc(report.closedAt()) : ", not closed yet: figures may still change")
                .append("</p>\n<p class=\"muted\">Issued at ").append(esc(issuedAt)).append(". Amounts in euros HT.</p>\n</header>\n");

        b.append("<section id=\"revenue-share\">\n<h2>Revenue share on 08 numbers (").append(esc(ReportsRoutes.R10)).append(")</h2>\n");
        if (month == null || month.lines().isEmpty()) {
            b.append("<p>No answered call to the client's 081, 082 or 089 numbers this month.</p>\n");
        }
        if (month != null && !month.lines().isEmpty()) {
            b.append("<table id=\"share-lines\">\n<thead><tr><th>Number</th><th>Tier</th><th class=\"num\">Service charge</th>")
                    .append("<th class=\"num\">Calls</th><th class=\"num\">Minutes or calls</th><th class=\"num\">Collected</th>")
                    .append("<th class=\"num\">Share rate</th><th class=\"num\">Share</th></tr></thead>\n<tbody>\n");
            for (Line l : month.lines()) {
                String charge = l.chargeCents() == null ? "none"
                        : Money.euros(BigDecimal.valueOf(l.chargeCents())) + (l.chargeUnit() == null ? "" : " / " + l.chargeUnit().name().toLowerCase());
                b.append("<tr class=\"line\"><td>").append(esc(l.number())).append("</td><td>").append(esc(l.tier()))
                        .append("</td><td class=\"num\">").append(esc(charge))
                        .append("</td><td class=\"num\">").append(l.calls()).append(l.lateCalls() > 0 ? " (" + l.lateCalls() + " late)" : "")
                        .append("</td><td class=\"num\">").append(l.chargeUnit() == null ? "" : esc(l.units().toPlainString()))
                        .append("</td><td class=\"num\">").append(esc(Money.euros(l.collectedCents())))
                        .append("</td><td class=\"num\">").append(esc(l.ratePercent().setScale(2, RoundingMode.HALF_UP).toPlainString())).append(" %")
                        .append("</td><td class=\"num share\">").append(esc(Money.euros(l.shareCents()))).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        if (month != null) {
            b.append("<table class=\"summary\" id=\"share-summary\">\n")
                    .append("<tr><th>Carried over from earlier months</th><td class=\"num\" id=\"carried-in\">")
                    .append(esc(Money.euros(month.outcome().carriedInCents()))).append("</td></tr>\n")
                    .append("<tr><th>Share of ").append(esc(m)).append("</th><td class=\"num\" id=\"earned\">")
                    .append(esc(Money.euros(month.outcome().earnedCents()))).append("</td></tr>\n")
                    .append("<tr><th>Total</th><td class=\"num\" id=\"total\">").append(esc(Money.euros(month.totalCents()))).append("</td></tr>\n")
                    .append("<tr><th>")
                    .append(month.outcome().payable() ? "Payable (threshold " + esc(Money.euros(thresholdCents)) + " HT reached)"
                            : "Carried over to the next month (under the " + esc(Money.euros(thresholdCents)) + " HT threshold)")
                    .append("</th><td class=\"num\" id=\"status\" data-status=\"").append(month.outcome().payable() ? "PAYABLE" : "CARRIED_OVER")
                    .append("\">").append(esc(Money.euros(month.outcome().payable() ? month.payableCents() : month.carriedOverCents())))
                    .append("</td></tr>\n</table>\n");
            b.append("<p class=\"sentence\" id=\"share-sentence\">Revenue share: ")
                    .append(esc(Money.euros(month.outcome().carriedInCents()))).append(" carried over from earlier months, ")
                    .append(esc(Money.euros(month.outcome().earnedCents()))).append(" in ").append(esc(m)).append(" → ")
                    .append(esc(Money.euros(month.totalCents())))
                    .append(month.outcome().payable() ? " payable for " + esc(m) + "." : " carried over to the next month.")
                    .append("</p>\n");
            if (month.outcome().payable()) {
                b.append("<p class=\"muted\">Please send IMS-Partners your invoice for this amount (Numéros spéciaux §3); payment at 30 days end of month.</p>\n");
            }
        }
        b.append("</section>\n");

        b.append("<section id=\"ranges\">\n<h2>Number ranges (").append(esc(ReportsRoutes.R13)).append(")</h2>\n");
        if (use.ranges().isEmpty()) {
            b.append("<p>No number range is reserved for the client.</p>\n");
        } else {
            b.append("<p class=\"muted\">Use over ").append(esc(use.from())).append(" – ").append(esc(use.to()))
                    .append(": a number is used when it is assigned and received or placed a call in that period.</p>\n")
                    .append("<table id=\"range-lines\">\n<thead><tr><th>First</th><th>Last</th><th class=\"num\">Size</th>")
                    .append("<th class=\"num\">Assigned</th><th class=\"num\">Used</th><th class=\"num\">Use</th><th>Flag</th></tr></thead>\n<tbody>\n");
            for (RangeUse u : use.ranges()) {
                b.append("<tr class=\"range\"><td>").append(esc(u.range().first())).append("</td><td>").append(esc(u.range().last()))
                        .append("</td><td class=\"num\">").append(u.range().size()).append("</td><td class=\"num\">").append(u.assigned())
                        .append("</td><td class=\"num\">").append(u.used()).append("</td><td class=\"num\">")
                        .append(esc(u.usePercent().toPlainString())).append(" %</td><td class=\"flag\">")
                        .append(u.underused() ? "under " + esc(use.threshold().movePointRight(2).stripTrailingZeros().toPlainString())
                                + " %: the unused numbers may be billed or released" : "").append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("</section>\n</body>\n</html>\n");
        return b.toString();
    }
}
