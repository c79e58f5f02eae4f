package io.callguard.credit.rating;

import io.callguard.core.module.RouteResponse.InvalidFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan's lines as CSV, the body of {@code POST /admin/v1/tariff-plans/{id}/csv}: a header row naming the columns
 * (any order; {@code id} and {@code destination} required, the others optional: see {@link TariffPlanReader#RATE_FIELDS}),
 * then one line per rate. Separated by commas, or by semicolons with a decimal comma (as French spreadsheets save
 * it), told by the header; RFC 4180 quotes; empty lines and lines starting with {@code #} skipped; an empty cell is an
 * absent value (the plan's default). Every error names its line and column; nothing is kept unless there is none.
 */
public final class TariffPlanCsv {
    private TariffPlanCsv() { }

    /**
     * @param planValues the plan's own values, from the query ({@code name}, {@code connectionFeeCents},
     *                   {@code firstIncrementSeconds}, {@code nextIncrementSeconds}), absent ones null
     * @throws InvalidFields every error, naming {@code line N, column}
     */
    static TariffPlanDraft read(String text, Map<String, String> planValues) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r\n|\n|\r", -1);
        int headerAt = -1;
        for (int i = 0; i < lines.length; i++) {
            if (!skipped(lines[i])) {
                headerAt = i;
                break;
            }
        }
        if (headerAt < 0) throw InvalidFields.of("body", "a CSV body is required: a header row ("
                + String.join(",", TariffPlanReader.RATE_FIELDS) + ") then one line per rate");
        char separator = lines[headerAt].indexOf(';') >= 0 && lines[headerAt].indexOf(',') < 0 ? ';' : ',';
        TariffPlanReader reader = new TariffPlanReader(separator == ';');

        TariffPlanReader.Values plan = new TariffPlanReader.Values() {
            @Override public Object get(String field) { return planValues.get(field); }

            @Override public String where(String field) { return field; }
        };
        String name = reader.name(plan, "name");
        TariffPlanReader.Defaults defaults = reader.defaults(plan);

        List<String> header = new ArrayList<>();
        Map<String, Integer> columns = new HashMap<>();
        String headerWhere = "line " + (headerAt + 1);
        List<String> cells = cells(lines[headerAt], separator, headerWhere, reader);
        if (cells == null) reader.throwIfInvalid();
        for (int c = 0; c < cells.size(); c++) {
            String column = cells.get(c).trim();
            header.add(column);
            Optional<String> control = controlProblem(column);
            if (control.isPresent()) {
                reader.error(headerWhere + ", column " + (c + 1), control.get());
            } else if (!TariffPlanReader.RATE_FIELDS.contains(column)) {
                reader.error(headerWhere + ", " + (column.isEmpty() ? "column " + (c + 1) : column),
                        "unknown column (known: " + String.join(", ", TariffPlanReader.RATE_FIELDS) + ")");
            } else if (columns.putIfAbsent(column, c) != null) {
                reader.error(headerWhere + ", " + column, "column given twice");
            }
        }
        for (String required : List.of("id", "destination")) {
            if (!columns.containsKey(required)) reader.error(headerWhere + ", " + required, "required column missing");
        }
        reader.throwIfInvalid();

        List<TariffRate> rates = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        for (int i = headerAt + 1; i < lines.length; i++) {
            if (skipped(lines[i])) continue;
            String where = "line " + (i + 1);
            List<String> row = cells(lines[i], separator, where, reader);
            if (row != null && row.size() != header.size()) {
                reader.error(where, row.size() + " cells, the header has " + header.size());
                row = null;
            }
            if (row != null) {
                for (int c = 0; c < row.size(); c++) {
                    Optional<String> control = controlProblem(row.get(c));
                    if (control.isPresent()) {
                        reader.error(where + ", " + header.get(c), control.get());
                        row = null;
                        break;
                    }
                }
            }
            lineOf.add(i + 1);
            if (row == null) {
                rates.add(null); // a line all the same: its error is recorded
                continue;
            }
            List<String> cellsOfRow = row;
            TariffPlanReader.Values values = new TariffPlanReader.Values() {
                @Override
                public Object get(String field) {
                    Integer c = columns.get(field);
                    if (c == null) return null;
                    String cell = cellsOfRow.get(c).trim();
                    return cell.isEmpty() ? null : cell;
                }

                @Override public String where(String field) { return where + ", " + field; }
            };
            rates.add(reader.rate(values, defaults));
        }
        reader.together(rates, (i, f) -> "line " + lineOf.get(i) + ", " + f, "body");
        reader.throwIfInvalid();
        return new TariffPlanDraft(name, rates);
    }

    /**
     * What is wrong with a cell that holds a control character (C0 with tab, DEL, C1) or an unpaired surrogate, in the
     * admin API's words for the same mistake in a JSON string; empty when it is clean. No cell is free text.
     */
    static Optional<String> controlProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return Optional.of("must not contain control characters (tab and line breaks included); found "
                        + String.format("U+%04X", (int) c) + " at character " + (i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode; found the unpaired surrogate "
                        + String.format("U+%04X", (int) c) + " at character " + (i + 1));
            }
        }
        return Optional.empty();
    }

    private static boolean skipped(String line) {
        String t = line.trim();
        return t.isEmpty() || t.startsWith("#");
    }

    /** The cells of one line (RFC 4180 quotes, {@code ""} inside a quoted cell), or null after recording its error. */
    static List<String> cells(String line, char separator, String where, TariffPlanReader reader) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            cell.setLength(0);
            // leading blanks before a quote are tolerated
            int start = i;
            while (start < n && line.charAt(start) == ' ') start++;
            if (start < n && line.charAt(start) == '"') {
                i = start + 1;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    cell.append(c);
                    i++;
                }
                if (!closed) {
                    reader.error(where, "a quoted cell is not closed (a cell may not span lines)");
                    return null;
                }
                while (i < n && line.charAt(i) == ' ') i++;
                if (i < n && line.charAt(i) != separator) {
                    reader.error(where, "text after a quoted cell (column " + (out.size() + 1) + ")");
                    return null;
                }
            } else {
                while (i < n && line.charAt(i) != separator) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        reader.error(where, "a quote inside an unquoted cell (column " + (out.size() + 1) + ")");
                        return null;
                    }
                    cell.append(c);
                    i++;
                }
            }
            out.add(cell.toString());
            if (i >= n) return out;
            i++; // the separator
        }
    }
}
