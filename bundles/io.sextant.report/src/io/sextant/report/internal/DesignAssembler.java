package io.sextant.report.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.birt.report.model.api.CellHandle;
import org.eclipse.birt.report.model.api.DataItemHandle;
import org.eclipse.birt.report.model.api.DesignElementHandle;
import org.eclipse.birt.report.model.api.ElementFactory;
import org.eclipse.birt.report.model.api.GridHandle;
import org.eclipse.birt.report.model.api.IDesignEngine;
import org.eclipse.birt.report.model.api.ImageHandle;
import org.eclipse.birt.report.model.api.LabelHandle;
import org.eclipse.birt.report.model.api.PropertyHandle;
import org.eclipse.birt.report.model.api.ReportDesignHandle;
import org.eclipse.birt.report.model.api.RowHandle;
import org.eclipse.birt.report.model.api.ScriptDataSetHandle;
import org.eclipse.birt.report.model.api.ScriptDataSourceHandle;
import org.eclipse.birt.report.model.api.SessionHandle;
import org.eclipse.birt.report.model.api.SlotHandle;
import org.eclipse.birt.report.model.api.StructureFactory;
import org.eclipse.birt.report.model.api.StyleHandle;
import org.eclipse.birt.report.model.api.TableHandle;
import org.eclipse.birt.report.model.api.TextItemHandle;
import org.eclipse.birt.report.model.api.activity.SemanticException;
import org.eclipse.birt.report.model.api.elements.DesignChoiceConstants;
import org.eclipse.birt.report.model.api.elements.structures.ComputedColumn;
import org.eclipse.birt.report.model.api.elements.structures.EmbeddedImage;
import org.eclipse.birt.report.model.api.elements.structures.ResultSetColumn;
import org.osgi.framework.FrameworkUtil;

import com.ibm.icu.util.ULocale;

/**
 * Fills the shipped designs with one report's content: opens {@code designs/master.rptdesign}, sets the cover,
 * puts the summary, experiment and provenance tables at their anchors, and for every analysis of the playbook
 * copies the body of {@code designs/sections/<analysis id>.rptdesign} (or {@code generic.rptdesign}) into the
 * master followed by one block per result. Tables are bound to Java scripted data sets ({@link TableDataSet})
 * whose rows come from the application context; charts are PNGs embedded in the design.
 */
public final class DesignAssembler {

    private static final String DATA_SOURCE = "results";
    /** Tables with more columns than this are printed smaller, so that their labels fit the page's width. */
    private static final int WIDE = 9;
    /**
     * A table of at most this many rows is kept on one page with its title and chart: a short table split
     * across pages leaves a row or two alone on the next page, away from the chart it explains.
     */
    static final int KEEP_TOGETHER_ROWS = 20;

    /**
     * A block (title, description, chart and table) is kept on one page only when it takes at most this share of
     * a page: a larger block moved whole to the next page would leave the page before it half empty. A larger
     * block keeps its title, description and chart on one page and starts its table below them (never a heading
     * alone at the bottom of a page); the table may go on over the next page, its header repeated.
     */
    static final double KEEP_TOGETHER_SHARE = 0.5;

    /** The height of a page's text in points: A4 less the top and bottom margins and the footer's line. */
    static final double PAGE_TEXT_HEIGHT = 841.89 - 0.6 * 72 - 0.5 * 72 - 30;

    /**
     * A table with more columns than this is printed as several tables, each starting with the row's label: on
     * a portrait page, 19 columns left two to three characters of each number.
     */
    static final int MAX_COLUMNS = 10;

    private final IDesignEngine designEngine;
    private final Map<String, ReportTable> tables = new LinkedHashMap<>();
    private ReportDesignHandle design;
    private ElementFactory elements;
    private SessionHandle session;
    private int blocks;

    public DesignAssembler(IDesignEngine designEngine) {
        this.designEngine = designEngine;
    }

    /** The tables by data set name, for {@link TableDataSet#TABLES}. */
    public Map<String, ReportTable> tables() {
        return tables;
    }

    /** The filled design (close it with {@link #close()} after the run). */
    public ReportDesignHandle assemble(ReportModel model) throws IOException, SemanticException {
        session = designEngine.newSessionHandle(ULocale.ENGLISH);
        design = open("designs/master.rptdesign");
        // nothing is undone: without an undo stack, BIRT does not record and trim one for every element added
        design.getCommandStack().setStackLimit(0);
        elements = design.getElementFactory();
        ScriptDataSourceHandle source = elements.newScriptDataSource(DATA_SOURCE);
        design.getDataSources().add(source);

        ReportModel.Cover cover = model.cover();
        text("coverTitle", cover.title());
        text("coverPlaybook", "Playbook " + cover.playbook());
        text("coverAudience", "For " + cover.audience());
        text("coverOwner", "Owner " + cover.owner());
        text("coverDate", "Rendered " + cover.date() + " · data as of " + cover.asOf());
        text("coverPrivacy", cover.privacy());

        java.util.List<DesignElementHandle> summary = new java.util.ArrayList<>(findings(model));
        model.summary().stream().map(this::block).forEach(summary::addAll);
        replace("summaryAnchor", summary);
        int position = 0;
        java.util.List<DesignElementHandle> sections = new java.util.ArrayList<>();
        for (ReportModel.Section section : model.sections()) {
            sections.addAll(section(section, ++position));
        }
        if (model.experiments() != null) {
            sections.addAll(section(model.experiments(), ++position));
        }
        replace("sectionsAnchor", sections);
        design.findElement("experimentsAnchor").drop();
        replace("provenanceAnchor", model.provenance().stream().map(this::block).flatMap(List::stream).toList());
        return design;
    }

    public void close() {
        if (design != null) {
            design.close();
        }
        if (session != null) {
            try {
                session.closeAll(false);
            } catch (IOException e) {
                // nothing is saved: closing unsaved designs cannot lose anything
            }
        }
    }

    private ReportDesignHandle open(String entry) throws IOException {
        URL url = FrameworkUtil.getBundle(DesignAssembler.class).getEntry(entry);
        if (url == null) {
            throw new IOException("the bundle io.sextant.report has no " + entry);
        }
        try (InputStream in = url.openStream()) {
            try {
                return session.openDesign(entry, in);
            } catch (org.eclipse.birt.report.model.api.DesignFileException e) {
                throw new IOException(entry + " is not a valid report design: " + e.getMessage(), e);
            }
        }
    }

    private void text(String label, String text) throws SemanticException {
        ((LabelHandle) design.findElement(label)).setText(text);
    }

    /** Puts the elements where the anchor label is, and drops the anchor. */
    private void replace(String anchor, List<DesignElementHandle> content) throws SemanticException {
        DesignElementHandle handle = design.findElement(anchor);
        SlotHandle body = design.getBody();
        int index = body.findPosn(handle);
        for (DesignElementHandle element : content) {
            body.add(element, index++);
        }
        handle.drop();
    }

    /** The section design's elements (renamed to be unique), then a block per table. */
    private List<DesignElementHandle> section(ReportModel.Section section, int position) throws IOException, SemanticException {
        String entry = "designs/sections/" + section.analysisId() + ".rptdesign";
        if (FrameworkUtil.getBundle(DesignAssembler.class).getEntry(entry) == null) {
            entry = "designs/sections/generic.rptdesign";
        }
        ReportDesignHandle template = open(entry);
        java.util.List<DesignElementHandle> copied = new java.util.ArrayList<>();
        try {
            for (Object element : template.getBody().getContents()) {
                DesignElementHandle original = (DesignElementHandle) element;
                String name = original.getName();
                if (name != null) {
                    original.setName(name + "-" + position);
                }
                DesignElementHandle copy = original.copy().getHandle(design.getModule());
                copied.add(copy);
            }
        } finally {
            template.close();
        }
        java.util.List<DesignElementHandle> result = new java.util.ArrayList<>();
        for (DesignElementHandle copy : copied) {
            if ("sectionHeading".equals(baseName(copy, position)) && copy instanceof LabelHandle label) {
                label.setText(section.heading());
                label.setBookmark("\"" + bookmark(position) + "\"");
            } else if ("sectionSubtitle".equals(baseName(copy, position)) && copy instanceof LabelHandle label) {
                label.setText(section.subtitle());
            }
            result.add(copy);
        }
        if (section.message() != null) {
            result.add(label(section.message(), "note"));
        }
        for (ReportTable table : section.tables()) {
            result.addAll(block(table));
        }
        return result;
    }

    /** The bookmark of a section's heading, which the findings link to. */
    static String bookmark(int position) {
        return "section-" + position;
    }

    private static final java.util.Map<String, String> KINDS = java.util.Map.of("segment", "Segments ranked by value",
            "experiment", "Experiments", "behaviour", "Behaviours most tied to the outcome", "caveat",
            "Data-quality caveats");

    /** "Findings": a heading per kind, then each finding as a paragraph linked to its section. */
    private List<DesignElementHandle> findings(ReportModel model) throws SemanticException {
        java.util.List<DesignElementHandle> result = new java.util.ArrayList<>();
        if (model.findings().isEmpty()) {
            return result;
        }
        result.add(label("Findings", "resultTitle"));
        result.add(label("Written from the stored results; each names the section it comes from (a link).", "subtitle"));
        String kind = null;
        for (Findings.Finding finding : model.findings()) {
            if (!finding.kind().equals(kind)) {
                kind = finding.kind();
                LabelHandle heading = label(KINDS.getOrDefault(kind, kind), "finding");
                heading.setProperty(StyleHandle.FONT_WEIGHT_PROP, DesignChoiceConstants.FONT_WEIGHT_BOLD);
                heading.setProperty(StyleHandle.MARGIN_TOP_PROP, "4pt");
                result.add(heading);
            }
            String where = finding.section() > 0 && finding.section() <= sectionHeadings(model).size()
                    ? " (section " + sectionHeadings(model).get(finding.section() - 1) + ")" : "";
            LabelHandle text = label("• " + finding.text() + where, "finding");
            if (!where.isEmpty()) {
                org.eclipse.birt.report.model.api.elements.structures.Action link = StructureFactory.createAction();
                org.eclipse.birt.report.model.api.ActionHandle action = text.setAction(link);
                action.setLinkType(DesignChoiceConstants.ACTION_LINK_TYPE_BOOKMARK_LINK);
                action.setTargetBookmark("\"" + bookmark(finding.section()) + "\"");
            }
            result.add(text);
        }
        return result;
    }

    private static List<String> sectionHeadings(ReportModel model) {
        java.util.List<String> headings = new java.util.ArrayList<>();
        model.sections().forEach(s -> headings.add(s.heading()));
        if (model.experiments() != null) {
            headings.add(model.experiments().heading());
        }
        return headings;
    }

    private static String baseName(DesignElementHandle handle, int position) {
        String name = handle.getName();
        return name == null ? "" : name.replaceFirst("-" + position + "(-.*)?$", "");
    }

    private LabelHandle label(String text, String style) throws SemanticException {
        LabelHandle label = elements.newLabel(null);
        label.setText(text);
        label.setStyleName(style);
        return label;
    }

    /** Title, description, chart, table and note of one table. */
    private List<DesignElementHandle> block(ReportTable table) {
        try {
            java.util.List<DesignElementHandle> block = new java.util.ArrayList<>();
            // title, description and chart stay on one page, with a short table and its note: a grid that must
            // not break inside
            GridHandle heading = elements.newGridItem(null, 1, 1);
            heading.setWidth("100%");
            heading.setProperty(StyleHandle.PAGE_BREAK_INSIDE_PROP, DesignChoiceConstants.PAGE_BREAK_INSIDE_AVOID);
            SlotHandle top = ((CellHandle) ((RowHandle) heading.getRows().get(0)).getCells().get(0)).getContent();
            top.add(label(table.title(), "resultTitle"));
            if (table.description() != null && !table.description().isBlank()) {
                top.add(label(table.description(), "subtitle"));
            }
            block.add(heading);
            int id = ++blocks;
            if (table.chartPng() != null) {
                EmbeddedImage image = StructureFactory.createEmbeddedImage();
                image.setName("chart" + id + ".png");
                image.setType(DesignChoiceConstants.IMAGE_TYPE_IMAGE_PNG);
                image.setData(table.chartPng());
                design.addImage(image);
                ImageHandle chart = elements.newImage(null);
                chart.setSource(DesignChoiceConstants.IMAGE_REF_TYPE_EMBED);
                chart.setImageName("chart" + id + ".png");
                chart.setWidth("17cm");
                chart.setHeight(String.format(java.util.Locale.ROOT, "%.2fcm", 17.0 * pngHeight(table.chartPng())
                        / pngWidth(table.chartPng())));
                chart.setAltText(table.title());
                top.add(chart);
            }
            List<ReportTable> parts = table.rows().isEmpty() ? List.of(table) : parts(table);
            boolean together = table.rows().size() <= KEEP_TOGETHER_ROWS
                    && height(table, parts) <= KEEP_TOGETHER_SHARE * PAGE_TEXT_HEIGHT;
            if (!together) {
                // the table begins on the page of its heading and chart
                heading.setProperty(StyleHandle.PAGE_BREAK_AFTER_PROP, DesignChoiceConstants.PAGE_BREAK_AFTER_AVOID);
            }
            for (int part = 0; part < parts.size(); part++) {
                java.util.List<DesignElementHandle> printed = new java.util.ArrayList<>();
                if (part > 0) {
                    LabelHandle continued = label(table.title() + ", continued (" + (part + 1) + " of " + parts.size()
                            + ")", "note");
                    continued.setProperty(StyleHandle.PAGE_BREAK_AFTER_PROP, DesignChoiceConstants.PAGE_BREAK_AFTER_AVOID);
                    printed.add(continued);
                }
                printed.add(table.rows().isEmpty() ? label("No rows.", "note")
                        : table(parts.get(part), "table" + id + (part == 0 ? "" : "-" + part)));
                for (DesignElementHandle element : printed) {
                    if (together) {
                        top.add(element);
                    } else {
                        block.add(element);
                    }
                }
            }
            if (table.note() != null) {
                if (together) {
                    top.add(label(table.note(), "note"));
                } else {
                    block.add(label(table.note(), "note"));
                }
            }
            return block;
        } catch (SemanticException e) {
            throw new IllegalStateException("cannot lay out the table '" + table.title() + "': " + e.getMessage(), e);
        }
    }

    /**
     * About how tall a block prints, in points: its title, description, chart, the rows of its table's parts (each
     * as many lines as its fullest cell wraps to at the parts' widths) and its note. An estimate, for deciding
     * whether the block is small enough to be kept on one page.
     */
    static double height(ReportTable table, List<ReportTable> parts) {
        double height = 12 + 11 * 1.3 + lines(table.description(), 8, TextWidths.Face.REGULAR, PAGE_TEXT_WIDTH) * 8 * 1.3;
        if (table.chartPng() != null) {
            height += 17 / 2.54 * 72 * pngHeight(table.chartPng()) / pngWidth(table.chartPng());
        }
        for (int p = 0; p < parts.size(); p++) {
            ReportTable part = parts.get(p);
            double[] widths = widths(part);
            double size = part.headers().size() > WIDE ? 6.5 : 7.5;
            int headerLines = 1;
            for (int c = 0; c < widths.length; c++) {
                headerLines = Math.max(headerLines, lines(part.headers().get(c), size, TextWidths.Face.BOLD, room(widths, c)));
            }
            height += headerLines * size * 1.3 + 4 + (p > 0 ? 7.5 * 1.3 + 2 : 0);
            for (List<String> row : part.rows()) {
                int rowLines = 1;
                for (int c = 0; c < widths.length; c++) {
                    rowLines = Math.max(rowLines, lines(row.get(c), fontSize(part, c), TextWidths.Face.REGULAR, room(widths, c)));
                }
                height += rowLines * fontSize(part, 0) * 1.3 + 3;
            }
        }
        height += lines(table.note(), 7.5, TextWidths.Face.REGULAR, PAGE_TEXT_WIDTH) * 7.5 * 1.3;
        // margins, paddings and borders: the sample's blocks print about a tenth taller than the sum above
        return height * 1.1;
    }

    /** About how many lines a text wraps to in this room (points); none for no text. */
    private static int lines(String text, double size, TextWidths.Face face, double room) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        // wrapping at words leaves the end of most lines empty: a tenth more than the text's width
        return (int) Math.max(1, Math.ceil(TextWidths.width(text, size, face) * 1.1 / Math.max(1, room)));
    }

    /** A PNG's width in pixels, from its header (IHDR). */
    static int pngWidth(byte[] png) {
        return png.length < 24 ? ReportModelBuilder.CHART_WIDTH : java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
    }

    /** A PNG's height in pixels, from its header (IHDR): a chart of few bars is less tall. */
    static int pngHeight(byte[] png) {
        return png.length < 24 ? ReportModelBuilder.CHART_HEIGHT : java.nio.ByteBuffer.wrap(png, 20, 4).getInt();
    }

    private TableHandle table(ReportTable table, String dataSetName) throws SemanticException {
        int columns = table.headers().size();
        ScriptDataSetHandle dataSet = elements.newScriptDataSet(dataSetName);
        dataSet.setDataSource(DATA_SOURCE);
        dataSet.setEventHandlerClass(TableDataSet.class.getName());
        PropertyHandle resultSet = dataSet.getPropertyHandle(ScriptDataSetHandle.RESULT_SET_PROP);
        for (int c = 0; c < columns; c++) {
            ResultSetColumn column = StructureFactory.createResultSetColumn();
            column.setColumnName("c" + c);
            column.setPosition(c + 1);
            column.setDataType(DesignChoiceConstants.COLUMN_DATA_TYPE_STRING);
            resultSet.addItem(column);
        }
        design.getDataSets().add(dataSet);
        double[] widths = widths(table);
        // a name that cannot stand whole beside the others wraps at its word boundaries
        table = withBreaks(table, widths);
        tables.put(dataSetName, table);

        TableHandle handle = elements.newTableItem(null, columns, 1, 1, 0);
        handle.setWidth("100%");
        handle.setDataSet(dataSet);
        boolean[] code = codeColumns(table);
        for (int c = 0; c < columns; c++) {
            ((org.eclipse.birt.report.model.api.ColumnHandle) handle.getColumns().get(c)).setProperty("width",
                    String.format(java.util.Locale.ROOT, "%.1f%%", widths[c]));
        }
        RowHandle header = (RowHandle) handle.getHeader().get(0);
        RowHandle detail = (RowHandle) handle.getDetail().get(0);
        for (int c = 0; c < columns; c++) {
            ComputedColumn binding = StructureFactory.newComputedColumn(handle, "c" + c);
            binding.setExpression("dataSetRow[\"c" + c + "\"]");
            binding.setDataType(DesignChoiceConstants.COLUMN_DATA_TYPE_STRING);
            handle.addColumnBinding(binding, false);
            boolean numeric = table.numeric().get(c);
            CellHandle headerCell = (CellHandle) header.getCells().get(c);
            headerCell.setStyleName("tableHeader");
            LabelHandle title = elements.newLabel(null);
            title.setText(table.headers().get(c));
            if (numeric) {
                title.setProperty(StyleHandle.TEXT_ALIGN_PROP, DesignChoiceConstants.TEXT_ALIGN_RIGHT);
            }
            if (columns > WIDE) {
                title.setProperty(StyleHandle.FONT_SIZE_PROP, "6.5pt");
            }
            headerCell.getContent().add(title);
            CellHandle cell = (CellHandle) detail.getCells().get(c);
            cell.setStyleName("tableCell");
            DataItemHandle data = elements.newDataItem(null);
            data.setResultSetColumn("c" + c);
            if (code[c]) {
                data.setStyleName("code");
            } else if (columns > WIDE) {
                data.setProperty(StyleHandle.FONT_SIZE_PROP, "6.5pt");
            }
            if (numeric) {
                data.setProperty(StyleHandle.TEXT_ALIGN_PROP, DesignChoiceConstants.TEXT_ALIGN_RIGHT);
            }
            cell.getContent().add(data);
        }
        return handle;
    }

    /**
     * The table cut into parts of at most {@link #MAX_COLUMNS} columns, and fewer while a part's longest words
     * would not fit the page side by side (long names beside many numbers), each part beginning with the label
     * column. Names too long to stand whole beside each other (two columns of 60-character names) wrap at the
     * word boundaries inside them ({@link #withBreaks}) rather than scatter the table over parts of two columns.
     */
    public static List<ReportTable> parts(ReportTable table) {
        List<ReportTable> whole = null;
        List<ReportTable> wrapped = null;
        for (int max = MAX_COLUMNS; max > 2 && (whole == null || wrapped == null); max--) {
            List<ReportTable> parts = table.columnParts(max);
            if (whole == null && parts.stream().allMatch(part -> wordsFit(part, widths(part)))) {
                whole = parts;
            }
            if (wrapped == null && parts.stream().allMatch(part -> piecesFit(part, widths(part)))) {
                wrapped = parts;
            }
        }
        // the fewest parts; names whole when that takes no more parts than wrapping them
        if (whole != null && (wrapped == null || whole.size() <= wrapped.size())) {
            return whole;
        }
        return wrapped != null ? wrapped : table.columnParts(2);
    }

    /** The width of the page's text in points: A4 less the margins of 0.7 in each side. */
    public static final double PAGE_TEXT_WIDTH = 595.0 - 2 * 0.7 * 72;
    /** A cell's left and right padding and a little slack, in points. */
    public static final double CELL_PADDING = 8;

    /** The font size of a column's cells and header, in points: smaller in wide tables and for hashes. */
    static double fontSize(ReportTable table, int column) {
        return code(table, column) || table.headers().size() > WIDE ? 6.5 : 7.5;
    }

    /** The average width of a character in points (0.6 em of DejaVu Sans), for the room a text wishes. */
    static double characterWidth(ReportTable table, int column) {
        return fontSize(table, column) * 0.6;
    }

    /** How wide a text of a column's cells prints, in points. */
    private static double cellWidth(ReportTable table, int column, String text) {
        return TextWidths.width(text, fontSize(table, column),
                code(table, column) ? TextWidths.Face.MONO : TextWidths.Face.REGULAR);
    }

    /** How wide a text of a column's header prints (bold), in points. */
    private static double headerWidth(ReportTable table, String text) {
        return TextWidths.width(text, table.headers().size() > WIDE ? 6.5 : 7.5, TextWidths.Face.BOLD);
    }

    /** What of a cell must stay on one line: a number with its unit ("12.40 USD", "< 10") whole, else each word. */
    private static List<String> words(ReportTable table, int column, String cell) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return table.numeric().get(column) ? List.of(cell.strip()) : List.of(cell.strip().split("\\s+"));
    }

    private static List<String> headerWords(ReportTable table, int column) {
        return List.of(table.headers().get(column).strip().split("\\s+"));
    }

    /**
     * Column widths in percent of the page's text width. No word is cut: each column is at least as wide as its
     * widest word (in a cell, or in its bold header, measured in the PDF's fonts) — names, hashes and numbers with
     * their units do not wrap, and BIRT lets what does not fit a cell run over its neighbour. Only when the widest
     * words of all columns cannot stand side by side is a column of names as narrow as its names need to wrap at
     * the word boundaries inside them ({@link #withBreaks} lets them). The room left is shared by the longest
     * texts (bounded, so that no column swallows the table): labels get room, numbers what they need, long
     * sentences wrap.
     */
    public static double[] widths(ReportTable table) {
        int columns = table.headers().size();
        double[] minimum = new double[columns];
        double[] broken = new double[columns];
        double[] wanted = new double[columns];
        for (int c = 0; c < columns; c++) {
            int column = c;
            boolean mayWrap = mayWrap(table, c);
            double character = characterWidth(table, c);
            double widestWord = 3 * character;
            double widestPiece = 3 * character;
            double longest = 0;
            for (String word : headerWords(table, c)) {
                double width = headerWidth(table, word);
                widestWord = Math.max(widestWord, width);
                widestPiece = Math.max(widestPiece, mayWrap ? wrapped(word, w -> headerWidth(table, w)) : width);
            }
            for (List<String> row : table.rows()) {
                String cell = row.get(c) == null ? "" : row.get(c);
                longest = Math.max(longest, cell.length());
                for (String word : words(table, c, cell)) {
                    double width = cellWidth(table, c, word);
                    widestWord = Math.max(widestWord, width);
                    widestPiece = Math.max(widestPiece, mayWrap ? wrapped(word, w -> cellWidth(table, column, w)) : width);
                }
            }
            int cap = code(table, c) ? 72 : columns > WIDE ? 16 : columns > 6 ? 24 : 40;
            if (!table.numeric().get(c) && longest > 3 * cap) {
                // a column of sentences (a hypothesis' status, a warning) wishes for more than a column of names,
                // or it gets as much as a one-word column beside it and runs down the page a few words a line
                cap = cap * 5 / 2;
            }
            minimum[c] = widestWord + CELL_PADDING;
            broken[c] = widestPiece + CELL_PADDING;
            wanted[c] = Math.max(minimum[c], Math.max(3, Math.min(longest, cap)) * character
                    * (table.numeric().get(c) ? 1.1 : 1.0) + CELL_PADDING);
        }
        double sumMinimum = java.util.Arrays.stream(minimum).sum();
        if (sumMinimum > PAGE_TEXT_WIDTH) {
            // the names wrap inside: every column keeps what its pieces need, and the room above that is shared
            // by wish as below, so that long names and long sentences both get room
            System.arraycopy(broken, 0, minimum, 0, columns);
            sumMinimum = java.util.Arrays.stream(minimum).sum();
        }
        double sumWanted = java.util.Arrays.stream(wanted).sum();
        double[] widths = new double[columns];
        if (sumWanted <= PAGE_TEXT_WIDTH || sumMinimum >= PAGE_TEXT_WIDTH) {
            widths = sumMinimum >= PAGE_TEXT_WIDTH ? minimum.clone() : wanted.clone();
        } else {
            // every column keeps its minimum; the room above that is shared in proportion to the wish
            double room = (PAGE_TEXT_WIDTH - sumMinimum) / (sumWanted - sumMinimum);
            for (int c = 0; c < columns; c++) {
                widths[c] = minimum[c] + (wanted[c] - minimum[c]) * room;
            }
        }
        double sum = java.util.Arrays.stream(widths).sum();
        for (int c = 0; c < columns; c++) {
            widths[c] = widths[c] * 100 / sum;
        }
        return widths;
    }

    /**
     * Where a word may wrap when it does not fit its column whole: after a dot, underscore, comma, slash, colon
     * or hyphen, and before a capital that follows a small letter or a digit (the words inside a name such as
     * {@code sample.growth.OnboardingTourConverts}).
     */
    private static final java.util.regex.Pattern BREAK = java.util.regex.Pattern
            .compile("(?<=[._,/:\\-])(?=[^._,/:\\-])|(?<=[\\p{Ll}\\p{Nd}])(?=\\p{Lu})");

    /** A zero-width space: where BIRT may wrap a word, invisible where it does not. */
    public static final String WRAP = "\u200B";

    /**
     * A wrapped name keeps at least this many characters on a line (or its whole length, if shorter), so that a
     * column of names is never a tower of one short piece per line.
     */
    static final int MIN_LINE_CHARACTERS = 14;

    /** Whether the words of a column may wrap inside: names may, numbers ("1,234", "-36.1 %") and hashes not. */
    private static boolean mayWrap(ReportTable table, int column) {
        return !table.numeric().get(column) && !code(table, column);
    }

    /** The width a word needs on a line when it may wrap at its word boundaries. */
    private static double wrapped(String word, java.util.function.ToDoubleFunction<String> measure) {
        double widest = measure.applyAsDouble(word.substring(0, Math.min(word.length(), MIN_LINE_CHARACTERS)));
        for (String piece : BREAK.split(word)) {
            widest = Math.max(widest, measure.applyAsDouble(piece));
        }
        return widest;
    }

    /**
     * The table as printed at these widths: each word wider than its column gets a zero-width space at the word
     * boundaries inside it, so that BIRT wraps it there instead of letting it run over the next column.
     */
    public static ReportTable withBreaks(ReportTable table, double[] widths) {
        int columns = table.headers().size();
        List<String> headers = new java.util.ArrayList<>();
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int c = 0; c < columns; c++) {
            String header = table.headers().get(c);
            headers.add(mayWrap(table, c) ? withBreaks(header, w -> headerWidth(table, w), room(widths, c)) : header);
        }
        for (List<String> row : table.rows()) {
            List<String> cells = new java.util.ArrayList<>();
            for (int c = 0; c < columns; c++) {
                int column = c;
                String cell = row.get(c);
                cells.add(cell == null || !mayWrap(table, c) ? cell
                        : withBreaks(cell, w -> cellWidth(table, column, w), room(widths, c)));
            }
            rows.add(cells);
        }
        return new ReportTable(table.title(), table.description(), headers, table.numeric(), rows, table.chartPng(),
                table.note());
    }

    private static String withBreaks(String text, java.util.function.ToDoubleFunction<String> measure, double room) {
        StringBuilder out = new StringBuilder();
        for (String word : text.split("(?<=\\s)|(?=\\s)")) {
            out.append(measure.applyAsDouble(word) > room ? String.join(WRAP, BREAK.split(word)) : word);
        }
        return out.toString();
    }

    /** The room for text in a column at these widths (in percent), in points. */
    private static double room(double[] widths, int column) {
        return widths[column] / 100 * PAGE_TEXT_WIDTH - CELL_PADDING + 1e-6;
    }

    /**
     * Whether every word of every cell and header fits its column whole at these widths (in percent of the page's
     * text width): what {@link #widths} guarantees whenever the widest words of all columns fit on a line.
     */
    public static boolean wordsFit(ReportTable table, double[] widths) {
        return fit(table, widths, false);
    }

    /** Whether every word fits its column at these widths once long names wrap at their word boundaries. */
    public static boolean piecesFit(ReportTable table, double[] widths) {
        return fit(table, widths, true);
    }

    private static boolean fit(ReportTable table, double[] widths, boolean wrapping) {
        for (int c = 0; c < widths.length; c++) {
            int column = c;
            double room = room(widths, c);
            boolean mayWrap = wrapping && mayWrap(table, c);
            for (String word : headerWords(table, c)) {
                if ((mayWrap ? wrapped(word, w -> headerWidth(table, w)) : headerWidth(table, word)) > room) {
                    return false;
                }
            }
            for (List<String> row : table.rows()) {
                for (String word : words(table, c, row.get(c))) {
                    if ((mayWrap ? wrapped(word, w -> cellWidth(table, column, w)) : cellWidth(table, c, word)) > room) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean[] codeColumns(ReportTable table) {
        boolean[] code = new boolean[table.headers().size()];
        for (int c = 0; c < code.length; c++) {
            code[c] = code(table, c);
        }
        return code;
    }

    /** Hashes and fingerprints: printed whole in a small monospace font (they cannot wrap and must not be cut). */
    private static boolean code(ReportTable table, int column) {
        return !table.rows().isEmpty() && table.rows().stream().allMatch(row -> row.get(column) != null
                && row.get(column).matches("(sha256:)?[0-9a-f]{32,}"));
    }
}
