package io.sextant.cli.internal.commands;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.dsl.seg.Playbook;
import io.sextant.project.SextantProject;
import io.sextant.report.PlaybookReports;
import io.sextant.report.ReportFormat;

/** {@code sextant report <playbook> --project <dir> --format html|pdf --out <file>}: a playbook's report. */
public final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "render a playbook's report from its stored runs to HTML or PDF";
    }

    @Override
    public String description() {
        return """
                Renders the report of a playbook (cover, executive summary, one section per analysis, experiment
                results, provenance) from the runs stored for it as of a date: run the playbook first (sextant
                run). HTML is one self-contained file with the charts inlined; PDF embeds its fonts. Cells of
                fewer users than the project's minimum (report.minimumCellSize in .sextant/settings.properties,
                default 10) show as "< k"; properties marked as personal data never appear. The file is written
                whole or not at all.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("playbook", "the playbook: its name, or its qualified name when several share it"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.required("format", "html|pdf", "the report's format"),
                Option.required("out", "file", "the file to write (replaced if it exists)"),
                Option.value("as-of", "date", "the day of the runs to report, YYYY-MM-DD (default: the last day of the data)"),
                Option.user());
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        ReportFormat format = ReportFormat.parse(arguments.value("format").orElseThrow());
        Path out = Path.of(arguments.value("out").orElseThrow());
        arguments.date("as-of"); // a bad date is named before anything is opened
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.requireData(project);
            Playbook playbook = ProjectAccess.validDefinitions(project).find(arguments.positional("playbook"),
                    Playbook.class, "playbook");
            LocalDate asOf = ProjectAccess.asOf(arguments, project);
            Path written = PlaybookReports.render(project, playbook, asOf, format, out, console.progress());
            console.out().println(written);
            return ExitCodes.OK;
        }
    }
}
