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
            boolean together = table.rows().size() <= KEEP_TOGETHER_ROWS;
            List<ReportTable> parts = table.rows().isEmpty() ? List.of(table) : parts(table);
            for (int part = 0; part < parts.size(); part++) {
                java.util.List<DesignElementHandle> printed = new java.util.ArrayList<>();
                if (part > 0) {
                    printed.add(label(table.title() + ", continued (" + (part + 1) + " of " + parts.size() + ")",
                            "note"));
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
        tables.put(dataSetName, table);

        TableHandle handle = elements.newTableItem(null, columns, 1, 1, 0);
        handle.setWidth("100%");
        handle.setDataSet(dataSet);
        double[] widths = widths(table);
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
     * column.
     */
    public static List<ReportTable> parts(ReportTable table) {
        for (int max = MAX_COLUMNS; max > 2; max--) {
            List<ReportTable> parts = table.columnParts(max);
            if (parts.stream().allMatch(part -> wordsFit(part, widths(part)))) {
                return parts;
            }
        }
        return table.columnParts(2);
    }

    /** The width of the page's text in points: A4 less the margins of 0.7 in each side. */
    static final double PAGE_TEXT_WIDTH = 595.0 - 2 * 0.7 * 72;
    /** A cell's left and right padding and a little slack, in points. */
    static final double CELL_PADDING = 8;

    /** The average width of a character in points: 0.6 em of DejaVu Sans (a little wide, to be safe). */
    static double characterWidth(ReportTable table, int column) {
        double size = code(table, column) ? 6.5 : table.headers().size() > WIDE ? 6.5 : 7.5;
        return size * 0.6;
    }

    /**
     * Column widths in percent of the page's text width. No word is ever cut: each column is at least as wide as
     * its longest word (in a cell, or in its bold header) — names, hashes and numbers cannot wrap, and BIRT clips
     * what does not fit. The room left is shared by the longest texts (bounded, so that no column swallows the
     * table): labels get room, numbers what they need, long sentences wrap.
     */
    public static double[] widths(ReportTable table) {
        int columns = table.headers().size();
        double[] minimum = new double[columns];
        double[] wanted = new double[columns];
        for (int c = 0; c < columns; c++) {
            double character = characterWidth(table, c);
            double longestWord = 0;
            double longest = 0;
            for (String word : table.headers().get(c).split("\\s+")) {
                longestWord = Math.max(longestWord, word.length() * 1.1); // bold
            }
            for (List<String> row : table.rows()) {
                String cell = row.get(c) == null ? "" : row.get(c);
                longest = Math.max(longest, cell.length());
                for (String word : cell.split("\\s+")) {
                    longestWord = Math.max(longestWord, word.length());
                }
            }
            int cap = code(table, c) ? 72 : columns > WIDE ? 16 : columns > 6 ? 24 : 40;
            minimum[c] = Math.max(3, longestWord) * character + CELL_PADDING;
            wanted[c] = Math.max(minimum[c], Math.max(3, Math.min(longest, cap)) * character
                    * (table.numeric().get(c) ? 1.1 : 1.0) + CELL_PADDING);
        }
        double sumMinimum = java.util.Arrays.stream(minimum).sum();
        double sumWanted = java.util.Arrays.stream(wanted).sum();
        double[] widths = new double[columns];
        if (sumWanted <= PAGE_TEXT_WIDTH || sumMinimum >= PAGE_TEXT_WIDTH) {
            widths = sumMinimum >= PAGE_TEXT_WIDTH ? minimum.clone() : wanted.clone();
        } else {
            // every column keeps its longest word; the room above that is shared in proportion to the wish
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
     * Whether every word of every cell and header fits its column at these widths (in percent of the page's
     * text width): what {@link #widths} guarantees whenever the longest words of all columns fit on a line.
     */
    public static boolean wordsFit(ReportTable table, double[] widths) {
        for (int c = 0; c < widths.length; c++) {
            double room = widths[c] / 100 * PAGE_TEXT_WIDTH - CELL_PADDING + 1e-6;
            double character = characterWidth(table, c);
            for (String word : table.headers().get(c).split("\\s+")) {
                if (word.length() * 1.1 * character > room) {
                    return false;
                }
            }
            for (List<String> row : table.rows()) {
                for (String word : (row.get(c) == null ? "" : row.get(c)).split("\\s+")) {
                    if (word.length() * character > room) {
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
