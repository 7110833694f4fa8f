package io.sextant.report.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PDF's words are, page by page, as {@code pdftotext -bbox-layout} reads them (poppler-utils, as the other
 * report tests use): each word with its box in points from the page's top left, grouped in lines and blocks.
 */
final class PdfLayout {

    /** A word and its box; {@code block} and {@code line} number the block and line it is in on its page. */
    record Word(double xMin, double yMin, double xMax, double yMax, String text, int block, int line) {
    }

    /** A line of words, its text the words joined by spaces (zero-width spaces left out). */
    record Line(List<Word> words, double yMin, double yMax, String text) {
    }

    record Page(int number, double width, double height, List<Word> words, List<Line> lines) {
    }

    /** A4 less the margins of 0.7 inch each side, in points; the footer is below the bottom margin of 0.5 inch. */
    static final double MARGIN = 0.7 * 72;
    static final double TOP_MARGIN = 0.6 * 72;
    static final double BOTTOM_MARGIN = 0.5 * 72;
    /** The page footer's line ("Sextant playbook report" and the page number). */
    static final String FOOTER = "Sextant playbook report";

    final List<Page> pages;

    private PdfLayout(List<Page> pages) {
        this.pages = pages;
    }

    static PdfLayout read(Path pdf) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("pdftotext", "-bbox-layout", pdf.toString(), "-").redirectErrorStream(true)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IOException("pdftotext -bbox-layout " + pdf + ": " + new String(out, StandardCharsets.UTF_8));
        }
        return parse(new String(out, StandardCharsets.UTF_8));
    }

    private static final Pattern PAGE = Pattern.compile("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">");
    private static final Pattern ELEMENT = Pattern.compile("<block |<line |<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\""
            + " xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");

    static PdfLayout parse(String xhtml) {
        List<Page> pages = new ArrayList<>();
        Matcher page = PAGE.matcher(xhtml);
        List<int[]> starts = new ArrayList<>();
        List<double[]> sizes = new ArrayList<>();
        while (page.find()) {
            starts.add(new int[] { page.start(), page.end() });
            sizes.add(new double[] { Double.parseDouble(page.group(1)), Double.parseDouble(page.group(2)) });
        }
        for (int p = 0; p < starts.size(); p++) {
            String body = xhtml.substring(starts.get(p)[1], p + 1 < starts.size() ? starts.get(p + 1)[0] : xhtml.length());
            List<Word> words = new ArrayList<>();
            Matcher m = ELEMENT.matcher(body);
            int block = 0;
            int line = 0;
            while (m.find()) {
                if (m.group().startsWith("<block")) {
                    block++;
                } else if (m.group().startsWith("<line")) {
                    line++;
                } else {
                    words.add(new Word(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), unescape(m.group(5)), block, line));
                }
            }
            List<Line> lines = new ArrayList<>();
            int at = 0;
            while (at < words.size()) {
                int end = at;
                while (end < words.size() && words.get(end).line() == words.get(at).line()) {
                    end++;
                }
                List<Word> of = words.subList(at, end);
                lines.add(new Line(List.copyOf(of), of.stream().mapToDouble(Word::yMin).min().orElse(0),
                        of.stream().mapToDouble(Word::yMax).max().orElse(0),
                        String.join(" ", of.stream().map(w -> w.text().replace("\u200B", "")).toList())));
                at = end;
            }
            pages.add(new Page(p + 1, sizes.get(p)[0], sizes.get(p)[1], List.copyOf(words), List.copyOf(lines)));
        }
        return new PdfLayout(List.copyOf(pages));
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** Where the page's footer line begins (its top), or the bottom margin when it has none. */
    static double footer(Page page) {
        return page.lines().stream().filter(l -> l.text().startsWith(FOOTER)).mapToDouble(Line::yMin).min()
                .orElse(page.height() - BOTTOM_MARGIN);
    }

    /** The lines of a page above its footer. */
    static List<Line> body(Page page) {
        double footer = footer(page);
        return page.lines().stream().filter(l -> l.yMax() < footer - 1).toList();
    }

    /** How far down the page's text area (above the footer) its lowest line reaches: 0 at the top, 1 at the bottom. */
    static double filled(Page page) {
        double bottom = body(page).stream().mapToDouble(Line::yMax).max().orElse(TOP_MARGIN);
        return (bottom - TOP_MARGIN) / (footer(page) - TOP_MARGIN);
    }

    /**
     * For each title, the tables whose title line is on one page and whose first header word is not below it on
     * that page: a table cut from its heading. {@code titles} maps a title (a whole line) to its table's first
     * header word.
     */
    List<String> tablesAwayFromTheirHeadings(java.util.Map<String, String> titles) {
        List<String> away = new ArrayList<>();
        for (java.util.Map.Entry<String, String> title : titles.entrySet()) {
            boolean found = false;
            for (Page page : pages) {
                for (Line line : page.lines()) {
                    if (!line.text().equals(title.getKey())) {
                        continue;
                    }
                    found = true;
                    boolean header = page.words().stream().anyMatch(w -> w.yMin() > line.yMax() - 0.5
                            && w.text().replace("\u200B", "").equals(title.getValue()));
                    if (!header) {
                        away.add("'" + title.getKey() + "' on page " + page.number() + " without its table's header '"
                                + title.getValue() + "' below it");
                    }
                }
            }
            if (!found) {
                away.add("'" + title.getKey() + "' is not a line of the PDF");
            }
        }
        return away;
    }

    /**
     * The pages filled less than {@code share} of their text area that are followed by a page that goes on with
     * the same section (does not begin with a page or section heading): room the layout left empty.
     */
    List<String> halfEmptyPages(double share) {
        List<String> pagesLeftEmpty = new ArrayList<>();
        for (int p = 1; p + 1 < pages.size(); p++) { // the cover stands alone
            Page page = pages.get(p);
            List<Line> next = body(pages.get(p + 1));
            boolean newSection = !next.isEmpty() && SECTION.matcher(next.get(0).text()).matches();
            if (!newSection && filled(page) < share) {
                pagesLeftEmpty.add("page " + page.number() + " is " + Math.round(100 * filled(page)) + " % full, and page "
                        + (p + 2) + " begins with '" + (next.isEmpty() ? "" : next.get(0).text()) + "'");
            }
        }
        return pagesLeftEmpty;
    }

    /** A page heading or a section heading: where the report starts a new page on purpose. */
    private static final Pattern SECTION = Pattern.compile("(\\d+\\. .+|Executive summary|Experiment results|Provenance)");

    /**
     * The title of each table the report prints for these runs' results, with the first word of its first
     * header, and of the summary's and provenance's tables (but "Segments ranked by value", which the findings
     * also use as a heading).
     */
    static java.util.Map<String, String> tableTitles(List<io.sextant.model.AnalysisRun> runs) {
        java.util.Map<String, String> titles = new java.util.LinkedHashMap<>();
        for (io.sextant.model.AnalysisRun run : runs) {
            for (io.sextant.model.Result result : run.getResults()) {
                String header = firstHeader(result, run.getResults());
                if (header != null) {
                    titles.putIfAbsent(result.getName(), header.split(" ")[0]);
                }
            }
        }
        titles.put("Hypotheses", "hypothesis");
        titles.put("Report", "what");
        titles.put("Runs", "run");
        titles.put("Data read", "data");
        titles.put("Definitions read", "definition");
        return titles;
    }

    /** The first header of a result's table, or null when the report prints no table for it (no rows). */
    private static String firstHeader(io.sextant.model.Result result, List<? extends io.sextant.model.Result> run) {
        if (result instanceof io.sextant.model.TableResult table) {
            boolean rows = table.getColumns().stream().anyMatch(c -> !c.getTexts().isEmpty() || !c.getNumbers().isEmpty());
            return rows ? table.getColumns().get(0).getName() : null;
        }
        if (result instanceof io.sextant.model.SeriesResult series) {
            if (series.getX().isEmpty()) {
                return null;
            }
            // a series over steps is printed with the steps' names when its run names them
            boolean named = "step".equals(series.getXUnit()) && run.stream().anyMatch(r -> r instanceof io.sextant.model.TableResult t
                    && t.getColumns().stream().anyMatch(c -> "step".equals(c.getName())));
            return named ? "step" : series.getXUnit() == null || series.getXUnit().isBlank() ? "x" : series.getXUnit();
        }
        if (result instanceof io.sextant.model.MatrixResult matrix) {
            return matrix.getColumnLabels().isEmpty() ? null : matrix.getColumnLabels().get(0);
        }
        return null;
    }
}
