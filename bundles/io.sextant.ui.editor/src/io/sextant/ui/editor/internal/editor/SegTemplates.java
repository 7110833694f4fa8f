package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.templates.DocumentTemplateContext;
import org.eclipse.jface.text.templates.GlobalTemplateVariables;
import org.eclipse.jface.text.templates.Template;
import org.eclipse.jface.text.templates.TemplateContextType;
import org.eclipse.jface.text.templates.TemplateProposal;

import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;

/**
 * Content assist templates, one for each construct of the language, offered between definitions: a skeleton
 * whose names, events and numbers are linked fields (Tab goes to the next; Enter leaves them).
 */
final class SegTemplates {

    static final String CONTEXT_TYPE = "io.sextant.ui.editor.templates.definition";

    private static final TemplateContextType TYPE = new TemplateContextType(CONTEXT_TYPE, "Definition");

    static {
        TYPE.addResolver(new GlobalTemplateVariables.Cursor());
    }

    static final List<Template> TEMPLATES = List.of(
            template("segment", "segment with an event condition", """
                    segment ${Name} {
                        owner "${owner}"
                        where did "${event}" within ${7} days${cursor}
                    }"""),
            template("metric", "metric summing an event property", """
                    metric ${Name} {
                        owner "${owner}"
                        sum "${event}".${property} within ${30} days after signup${cursor}
                    }"""),
            template("metric", "conversion metric", """
                    metric ${Name} {
                        owner "${owner}"
                        conversion did "${event}" within ${14} days after signup${cursor}
                    }"""),
            template("metric", "retention metric", """
                    metric ${Name} {
                        owner "${owner}"
                        retention on day ${7} after signup${cursor}
                    }"""),
            template("hypothesis", "hypothesis about a segment and a metric", """
                    hypothesis ${Name} {
                        owner "${owner}"
                        segment ${Segment}
                        expect "${change}"
                        success ${Metric} increases by ${2} %${cursor}
                    }"""),
            template("experiment", "experiment with two variants", """
                    experiment ${Name} {
                        owner "${owner}"
                        population ${Segment}
                        variants { control 50 %, treatment 50 % }
                        assignment "${experiment_assigned}".${variant}
                        primary ${Metric}
                        alpha 0.05${cursor}
                    }"""),
            template("playbook", "playbook with an analysis", """
                    playbook ${Name} {
                        owner "${owner}"
                        title "${title}"
                        segments ${Segment}
                        analysis "segment-value"${cursor}
                    }"""));

    private SegTemplates() {
    }

    private static Template template(String name, String description, String pattern) {
        return new Template(name, description, CONTEXT_TYPE, pattern, true);
    }

    /**
     * The templates whose name starts with the word before the offset, when that word starts its line and
     * the offset is between definitions (not inside one of the outline's).
     */
    static List<ICompletionProposal> proposals(IDocument document, String text, int offset, List<OutlineEntry> outline) {
        for (OutlineEntry entry : outline) {
            if (entry.offset() < offset && offset < entry.offset() + entry.length()) {
                return List.of();
            }
        }
        int start = offset;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        int lineStart = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start > 0 && lineStart < start && !text.substring(lineStart, start).isBlank()) {
            return List.of(); // a definition starts a line: after other text on the line, no template
        }
        String prefix = text.substring(start, offset);
        List<ICompletionProposal> proposals = new ArrayList<>();
        for (Template template : TEMPLATES) {
            if (template.getName().startsWith(prefix)) {
                DocumentTemplateContext context = new DocumentTemplateContext(TYPE, document, start, offset - start);
                proposals.add(new TemplateProposal(template, context, new Region(start, offset - start), null, 0));
            }
        }
        return proposals;
    }
}
