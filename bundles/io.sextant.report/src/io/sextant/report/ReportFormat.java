package io.sextant.report;

import java.util.Locale;

/** The formats a playbook report renders to. */
public enum ReportFormat {
    /** One self-contained HTML file: styles and chart images inlined (data: URIs), nothing beside it. */
    HTML("html"),
    /** A PDF with its fonts embedded and the charts as high-resolution images. */
    PDF("pdf");

    private final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension and BIRT's emitter id. */
    public String extension() {
        return extension;
    }

    /** The format named on a command line ("html" or "pdf", any case). */
    public static ReportFormat parse(String text) throws ReportException {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (format.extension.equals(name)) {
                return format;
            }
        }
        throw new ReportException("unknown report format '" + text + "': use html or pdf");
    }
}
