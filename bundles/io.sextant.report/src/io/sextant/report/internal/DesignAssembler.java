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

        replace("summaryAnchor", model.summary().stream().map(this::block).flatMap(List::stream).toList());
        int position = 0;
        java.util.List<DesignElementHandle> sections = new java.util.ArrayList<>();
        for (ReportModel.Section section : model.sections()) {
            sections.addAll(section(section, ++position));
        }
        sections.addAll(section(model.experiments(), ++position));
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
                chart.setHeight((17.0 * ReportModelBuilder.CHART_HEIGHT / ReportModelBuilder.CHART_WIDTH) + "cm");
                chart.setAltText(table.title());
                top.add(chart);
            }
            boolean together = table.rows().size() <= KEEP_TOGETHER_ROWS;
            List<ReportTable> parts = table.rows().isEmpty() ? List.of(table) : table.columnParts(MAX_COLUMNS);
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
     * Column widths in percent, by the longest text of each column (a header wraps at its words, so it counts
     * less), bounded so that no column starves or swallows the table: labels get room, numbers what they need.
     */
    static double[] widths(ReportTable table) {
        int columns = table.headers().size();
        double[] weights = new double[columns];
        for (int c = 0; c < columns; c++) {
            double longest = 0;
            for (String word : table.headers().get(c).split("\\s+")) {
                // a header wraps at its words but never inside one, and it is bold: its longest word must fit
                longest = Math.max(longest, word.length() * 1.1);
            }
            for (List<String> row : table.rows()) {
                longest = Math.max(longest, row.get(c) == null ? 0 : row.get(c).length());
            }
            int cap = code(table, c) ? 72 : columns > WIDE ? 16 : columns > 6 ? 24 : 40;
            // digits and "%" are wider than the average letter; + the cell's padding
            weights[c] = Math.max(3, Math.min(longest, cap)) * (table.numeric().get(c) ? 1.25 : 1.1) + 3;
        }
        double sum = java.util.Arrays.stream(weights).sum();
        for (int c = 0; c < columns; c++) {
            weights[c] = weights[c] * 100 / sum;
        }
        return weights;
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
