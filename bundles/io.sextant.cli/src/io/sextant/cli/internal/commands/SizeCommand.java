package io.sextant.cli.internal.commands;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import de.siegmar.fastcsv.writer.CsvWriter;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.output.Csv;
import io.sextant.cli.internal.output.RunOutput;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.project.ProjectDefinitions;
import io.sextant.project.SextantProject;

/** {@code sextant size <segment>... --project <dir>}: how many users each segment has as of a date. */
public final class SizeCommand implements Command {

    @Override
    public String name() {
        return "size";
    }

    @Override
    public String summary() {
        return "print the number of members of one or more segments as of a date";
    }

    @Override
    public String description() {
        return """
                Computes the members of each segment named, over the project's data as of a date (by default the
                data's last day, as runs use), and prints CSV: a header segment,users,as_of and one line per
                segment with its qualified name and its number of members as a plain number. --json prints
                {"asOf", "sizes": [{"segment", "users"}]} instead. Segments are computed in one engine run, so a
                segment that others use is computed once. Stores nothing.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(Positional.repeatable("segment", "a segment: its name, or its qualified name when several share it"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.value("as-of", "date", "the day the sizes are for, YYYY-MM-DD (default: the last day of the data)"),
                Option.flag("json", "print JSON instead of CSV"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        arguments.date("as-of"); // a bad date is named before anything is opened
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.requireData(project);
            ProjectDefinitions definitions = ProjectAccess.validDefinitions(project);
            List<Segment> segments = new ArrayList<>();
            for (String name : arguments.positionals("segment")) {
                segments.add(definitions.find(name, Segment.class, "segment"));
            }
            LocalDate asOf = ProjectAccess.asOf(arguments, project);
            List<Long> sizes = new ArrayList<>();
            try (EngineRun run = Engine.on(project.source()).open(asOf)) {
                for (Segment segment : segments) {
                    sizes.add(run.size(segment, console.progress()));
                }
            }
            if (arguments.flag("json")) {
                JsonGenerator json = RunOutput.json(console.out());
                json.writeStartObject();
                json.writeStringField("asOf", asOf.toString());
                json.writeArrayFieldStart("sizes");
                for (int i = 0; i < segments.size(); i++) {
                    json.writeStartObject();
                    json.writeStringField("segment", SegDefinitions.qualifiedName(segments.get(i)));
                    json.writeNumberField("users", sizes.get(i));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
                json.flush();
            } else {
                CsvWriter csv = Csv.writer(console.out());
                csv.writeRecord("segment", "users", "as_of");
                for (int i = 0; i < segments.size(); i++) {
                    csv.writeRecord(List.of(SegDefinitions.qualifiedName(segments.get(i)), Long.toString(sizes.get(i)),
                            asOf.toString()));
                }
                csv.flush();
            }
            console.out().flush();
            return ExitCodes.OK;
        }
    }
}
