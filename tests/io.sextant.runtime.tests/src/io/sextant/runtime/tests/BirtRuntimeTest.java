package io.sextant.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.birt.core.framework.Platform;
import org.eclipse.birt.report.engine.api.EngineConfig;
import org.eclipse.birt.report.engine.api.HTMLRenderOption;
import org.eclipse.birt.report.engine.api.IReportEngine;
import org.eclipse.birt.report.engine.api.IReportEngineFactory;
import org.eclipse.birt.report.engine.api.IReportRunnable;
import org.eclipse.birt.report.engine.api.IRunAndRenderTask;
import org.eclipse.birt.report.engine.api.PDFRenderOption;
import org.eclipse.birt.report.engine.api.RenderOption;
import org.eclipse.birt.report.model.api.CellHandle;
import org.eclipse.birt.report.model.api.DesignConfig;
import org.eclipse.birt.report.model.api.ElementFactory;
import org.eclipse.birt.report.model.api.GridHandle;
import org.eclipse.birt.report.model.api.IDesignEngine;
import org.eclipse.birt.report.model.api.IDesignEngineFactory;
import org.eclipse.birt.report.model.api.LabelHandle;
import org.eclipse.birt.report.model.api.ReportDesignHandle;
import org.eclipse.birt.report.model.api.RowHandle;
import org.eclipse.birt.report.model.api.SessionHandle;
import org.eclipse.birt.report.model.api.SimpleMasterPageHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;

import com.ibm.icu.util.ULocale;

/**
 * BIRT inside the product's OSGi runtime: the platform comes up on the running Equinox (not a second
 * framework), a design made with the Design Engine API is written, and the Report Engine renders it to HTML
 * and PDF whose text is checked.
 */
class BirtRuntimeTest {

    private static final String TITLE = "Sextant smoke report";

    @TempDir
    static Path folder;

    private static IReportEngine engine;
    private static Path design;

    @BeforeAll
    static void startEngineAndWriteDesign() throws Exception {
        EngineConfig config = new EngineConfig();
        Platform.startup(config);
        IReportEngineFactory factory = (IReportEngineFactory) Platform
                .createFactoryObject(IReportEngineFactory.EXTENSION_REPORT_ENGINE_FACTORY);
        assertNotNull(factory, "BIRT's report engine factory is registered in the running platform");
        engine = factory.createReportEngine(config);
        design = writeDesign(folder.resolve("smoke.rptdesign"));
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.destroy();
        }
    }

    @Test
    void rendersHtml() throws Exception {
        Path html = folder.resolve("smoke.html");
        HTMLRenderOption options = new HTMLRenderOption();
        options.setEmbeddable(false);
        List<?> errors = render(options, "html", html);
        assertEquals(List.of(), errors);
        String text = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(text.contains(TITLE), "the title is in the HTML");
        assertTrue(text.contains("power_users") && text.contains("1,234"), "the grid cells are in the HTML");
    }

    @Test
    void rendersPdf() throws Exception {
        Path pdf = folder.resolve("smoke.pdf");
        List<?> errors = render(new PDFRenderOption(), "pdf", pdf);
        assertEquals(List.of(), errors);
        byte[] bytes = Files.readAllBytes(pdf);
        assertEquals("%PDF", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        PdfReader reader = new PdfReader(bytes);
        try {
            assertEquals(1, reader.getNumberOfPages());
            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            assertTrue(text.contains(TITLE), () -> "the title is in the PDF's text: " + text);
            assertTrue(text.contains("power_users") && text.contains("1,234"), () -> "cells in the PDF: " + text);
        } finally {
            reader.close();
        }
    }

    private static List<?> render(RenderOption options, String format, Path out) throws Exception {
        IReportRunnable runnable = engine.openReportDesign(design.toString());
        IRunAndRenderTask task = engine.createRunAndRenderTask(runnable);
        try {
            options.setOutputFormat(format);
            options.setOutputFileName(out.toString());
            task.setRenderOption(options);
            task.run();
            return List.copyOf(task.getErrors());
        } finally {
            task.close();
        }
    }

    private static Path writeDesign(Path file) throws Exception {
        IDesignEngineFactory factory = (IDesignEngineFactory) Platform
                .createFactoryObject(IDesignEngineFactory.EXTENSION_DESIGN_ENGINE_FACTORY);
        IDesignEngine designEngine = factory.createDesignEngine(new DesignConfig());
        SessionHandle session = designEngine.newSessionHandle(ULocale.ENGLISH);
        ReportDesignHandle report = session.createDesign();
        ElementFactory elements = report.getElementFactory();
        // a design without a master page renders nothing
        SimpleMasterPageHandle page = elements.newSimpleMasterPage("Page");
        report.getMasterPages().add(page);

        LabelHandle title = elements.newLabel("title");
        title.setText(TITLE);
        report.getBody().add(title);

        GridHandle grid = elements.newGridItem("sizes", 2, 2);
        String[][] cells = { { "Segment", "Users" }, { "power_users", "1,234" } };
        for (int r = 0; r < 2; r++) {
            RowHandle row = (RowHandle) grid.getRows().get(r);
            for (int c = 0; c < 2; c++) {
                CellHandle cell = (CellHandle) row.getCells().get(c);
                LabelHandle label = elements.newLabel(null);
                label.setText(cells[r][c]);
                cell.getContent().add(label);
            }
        }
        report.getBody().add(grid);
        report.saveAs(file.toString());
        report.close();
        return file;
    }
}
