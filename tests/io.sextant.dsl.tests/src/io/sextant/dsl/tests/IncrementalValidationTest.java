package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.IncrementalHighlighting;
import io.sextant.dsl.ide.IncrementalValidation;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;

/**
 * The editor's validation as you type: partial parsing of the changed part and validation of only the
 * definitions an edit can affect must find exactly what parsing and validating the whole text finds, edit
 * after edit (renames that break references, cycles made and broken, duplicates, typos, deletions).
 */
class IncrementalValidationTest {

    private static final URI FILE = URI.createURI("memory:/incremental/defs.seg");
    private static final URI FRESH = URI.createURI("memory:/fresh/defs.seg");
    private static SegLanguageServices services;

    private SegProject edited;
    private IncrementalValidation validation;
    private IncrementalHighlighting highlighting;
    private String text;
    private XtextResource resource;

    @BeforeAll
    static void createServices() {
        services = SegLanguageServices.create(uri -> FixtureContext.current);
    }

    @BeforeEach
    void start() {
        FixtureContext.current = ProjectContext.of(SegContextValidatorTest.CATALOG, VersionHistory.NONE, ProjectFacts.NONE);
        edited = services.newProject();
        validation = services.newIncrementalValidation();
        highlighting = services.newIncrementalHighlighting();
        text = definitions(new Random(7), 60);
        resource = edited.put(FILE, text);
        assertSameAsFull("the first validation");
        assertEquals(60, validation.lastValidated(), "the first validation validates every definition");
        assertEquals(60, highlighting.lastComputed(), "the first colouring colours every definition");
    }

    @AfterEach
    void reset() {
        FixtureContext.current = ProjectContext.EMPTY;
    }

    @Test
    void aTypoRevalidatesOnlyItsDefinitionAndWhatRefersToIt() {
        replace("did \"upgrade\"", "did \"upgradex\"");
        assertSameAsFull("an unknown event typed");
        assertTrue(validation.lastValidated() < 10, "validated " + validation.lastValidated() + " of 60");
        assertEquals(1, highlighting.lastComputed(), "only the edited definition is coloured anew");
        assertTrue(issues().stream().anyMatch(i -> i.getMessage().contains("unknown event 'upgradex'")));
        replace("did \"upgradex\"", "did \"upgrade\"");
        assertSameAsFull("the typo removed");
        assertEquals(List.of(), messages(), "the generated text has no problems");
    }

    @Test
    void renamesCyclesDuplicatesAndDeletionsGiveTheSameIssuesAsAFullValidation() {
        replace("segment Segment3 {", "segment Segment3x {");
        assertSameAsFull("a referenced segment renamed");
        replace("segment Segment3x {", "segment Segment3 {");
        assertSameAsFull("renamed back");
        assertEquals(List.of(), messages());
        // a cycle through two segments
        edit(text.indexOf("where", text.indexOf("segment Segment1 {")) + "where ".length(), 0, "in segment Segment2 and ");
        assertSameAsFull("a reference from one segment to another");
        edit(text.indexOf("where", text.indexOf("segment Segment2 {")) + "where ".length(), 0, "in segment Segment1 and ");
        assertSameAsFull("a reference back: a cycle");
        assertTrue(messages().stream().anyMatch(m -> m.contains("refers to itself")), () -> "a cycle, got " + messages());
        replace("in segment Segment1 and ", "");
        assertSameAsFull("the reference back removed");
        replace("in segment Segment2 and ", "");
        assertSameAsFull("the first reference removed (Segment2 may refer to Segment1 on its own)");
        assertEquals(List.of(), messages(), "no cycle is left");
        replace("segment Segment5 {", "segment Segment4 {");
        assertSameAsFull("a duplicate name");
        replace("segment Segment4 {", "segment Segment5 {");
        assertSameAsFull("the duplicate renamed back");
        int start = text.indexOf("metric Metric45");
        int end = text.indexOf("\n}\n", start) + 3;
        String metric = text.substring(start, end);
        edit(start, end - start, "");
        assertSameAsFull("a referenced metric deleted");
        assertTrue(highlighting.lastComputed() <= 1, "deleting a definition colours at most its neighbour anew, not "
                + highlighting.lastComputed());
        edit(start, 0, metric);
        assertSameAsFull("the metric put back");
        assertEquals(List.of(), messages());
    }

    @Test
    void seededEditsAgreeWithFullValidation() {
        Random random = new Random(11);
        String[] replacements = { "\"signup\"", "\"purchse\"", "Segment2", "Segment58", "Metric50", "30", "0", "2 %",
                "in segment Segment9 and", "owner \"x\"", "" };
        for (int step = 0; step < 40; step++) {
            // replace a word (a name, an event, a number) with another: edits an analyst makes
            int at = random.nextInt(text.length() - 1);
            while (at > 0 && !Character.isWhitespace(text.charAt(at - 1))) {
                at--;
            }
            int end = at;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            edit(at, end - at, replacements[random.nextInt(replacements.length)]);
            assertSameAsFull("seeded edit " + step);
        }
    }

    private void replace(String what, String with) {
        int at = text.indexOf(what);
        assertTrue(at >= 0, what);
        edit(at, what.length(), with);
    }

    /** The edit as the editor makes it: the changed part parsed again (the whole text when Xtext declines). */
    private void edit(int offset, int length, String inserted) {
        text = text.substring(0, offset) + inserted + text.substring(offset + length);
        resource = edited.update(FILE, offset, length, inserted);
        if (!text.equals(resource.getParseResult().getRootNode().getText())) {
            resource = edited.put(FILE, text);
        }
    }

    private List<Issue> issues() {
        return validation.validate(resource, "same environment", CancelIndicator.NullImpl);
    }

    private List<String> messages() {
        return issues().stream().map(Issue::getMessage).toList();
    }

    private void assertSameAsFull(String when) {
        SegProject fresh = services.newProject();
        XtextResource whole = fresh.put(FRESH, text);
        List<String> expected = describe(services.validate(whole, CancelIndicator.NullImpl));
        List<String> actual = describe(issues());
        assertEquals(expected, actual, when);
        // the semantic colours, computed again only for changed definitions, are those of the whole file
        assertEquals(colours(services.semanticHighlighting(whole, CancelIndicator.NullImpl)),
                colours(highlighting.highlight(resource, CancelIndicator.NullImpl)), "colours after " + when);
    }

    private static List<String> colours(List<SegLanguageServices.StyledRange> ranges) {
        return ranges.stream().map(r -> r.offset() + "+" + r.length() + " " + r.style()).sorted().toList();
    }

    private static List<String> describe(List<Issue> issues) {
        List<String> lines = new ArrayList<>();
        issues.stream().sorted(Comparator.comparing(Issue::getOffset, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Issue::getMessage)).forEach(issue -> lines.add(issue.getSeverity() + " " + issue.getOffset()
                        + "+" + issue.getLength() + " line " + issue.getLineNumber() + ":" + issue.getColumn() + " "
                        + issue.getCode() + " " + issue.getMessage()));
        return lines;
    }

    /** Segments, metrics, hypotheses and experiments that refer to each other, as in the editor benchmark. */
    static String definitions(Random random, int count) {
        String[] events = { "signup", "feature_viewed", "purchase", "upgrade", "experiment_assigned" };
        List<String> segments = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        StringBuilder text = new StringBuilder("package incremental\n\n");
        for (int i = 0; i < count; i++) {
            int kind = i < count * 6 / 10 ? 0 : i < count * 9 / 10 ? 1 : i % 2 == 0 ? 2 : 3;
            switch (kind) {
                case 0 -> {
                    String name = "Segment" + i;
                    text.append("/** Segment number ").append(i).append(". */\n");
                    text.append("segment ").append(name).append(" {\n    owner \"analyst@acme.example\"\n")
                            .append("    where count \"").append(events[random.nextInt(events.length)])
                            .append("\" within ").append(1 + random.nextInt(30)).append(" days after signup >= 3\n")
                            .append("        and not did \"upgrade\" within 14 days");
                    if (!segments.isEmpty() && random.nextBoolean()) {
                        text.append("\n        and in segment ").append(segments.get(random.nextInt(segments.size())));
                    }
                    text.append("\n}\n\n");
                    segments.add(name);
                }
                case 1 -> {
                    String name = "Metric" + i;
                    text.append("metric ").append(name).append(" {\n    owner \"finance@acme.example\"\n    ")
                            .append(random.nextBoolean() ? "sum \"purchase\".amount within 30 days after signup"
                                    : "conversion did \"upgrade\" within 14 days after signup")
                            .append("\n}\n\n");
                    metrics.add(name);
                }
                case 2 -> text.append("hypothesis Hypothesis").append(i).append(" {\n    owner \"o\"\n    segment ")
                        .append(segments.get(random.nextInt(segments.size()))).append("\n    success ")
                        .append(metrics.get(random.nextInt(metrics.size()))).append(" increases by 2 %\n}\n\n");
                default -> text.append("experiment Experiment").append(i).append(" {\n    owner \"o\"\n    population ")
                        .append(segments.get(random.nextInt(segments.size())))
                        .append("\n    variants { control 50 %, treatment 50 % }\n    assignment \"experiment_assigned\".variant\n    primary ")
                        .append(metrics.get(random.nextInt(metrics.size()))).append("\n    alpha 0.05\n}\n\n");
            }
        }
        return text.toString();
    }
}
