package io.sextant.dsl.formatting2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegionsFinder;
import org.eclipse.xtext.xbase.lib.Pair;

import io.sextant.dsl.seg.And;
import io.sextant.dsl.seg.Condition;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Import;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;

/**
 * The layout of .seg files: one space between tokens, none around '.' and inside brackets, one clause of a
 * definition per line inside its indented block, each top-level 'and' of a segment's condition on its own
 * line, a blank line between definitions. Formatting a formatted file changes nothing.
 */
public class SegFormatter extends AbstractJavaFormatter {

    /** Keywords that start a clause of a definition (each begins a line). */
    private static final Set<String> CLAUSES = Set.of("version", "owner", "description", "where", "unit", "segment",
            "expect", "mechanism", "success", "hypothesis", "population", "variants", "assignment", "primary",
            "guardrails", "alpha", "power", "minimum", "covariate", "title", "audience", "segments", "experiments",
            "hypotheses", "analysis");

    protected void format(SegFile file, IFormattableDocument doc) {
        // the default between any two tokens, which the rules below override
        for (ISemanticRegion region : getTextRegionAccess().regionForRootEObject().getAllSemanticRegions()) {
            doc.prepend(region, it -> {
                it.oneSpace();
                it.lowPriority();
            });
        }
        for (ISemanticRegion region : keywords(".")) {
            doc.prepend(region, it -> it.noSpace());
            doc.append(region, it -> it.noSpace());
        }
        for (ISemanticRegion region : keywords(",", ")", "]", "%")) {
            doc.prepend(region, it -> it.noSpace());
        }
        for (ISemanticRegion region : keywords("(", "[")) {
            doc.append(region, it -> it.noSpace());
        }

        ISemanticRegionsFinder regions = regionFor(file);
        ISemanticRegion packageKeyword = regions.keyword("package");
        if (packageKeyword != null) {
            doc.prepend(packageKeyword, it -> it.noSpace());
        }
        doc.append(regions.feature(io.sextant.dsl.seg.SegPackage.Literals.SEG_FILE__NAME), it -> it.setNewLines(2));
        for (Import anImport : file.getImports()) {
            doc.append(anImport, it -> it.setNewLines(anImport == last(file.getImports()) ? 2 : 1));
        }
        for (Definition definition : file.getDefinitions()) {
            if (file.getName() == null && file.getImports().isEmpty() && definition == file.getDefinitions().get(0)) {
                doc.prepend(definition, it -> it.noSpace());
            }
            doc.append(definition, it -> it.setNewLines(definition == last(file.getDefinitions()) ? 1 : 2));
            doc.format(definition);
        }
    }

    protected void format(Definition definition, IFormattableDocument doc) {
        ISemanticRegionsFinder regions = regionFor(definition);
        List<Pair<ISemanticRegion, ISemanticRegion>> braces = regions.keywordPairs("{", "}");
        if (braces.isEmpty()) {
            return;
        }
        // the definition's own block is the pair that opens first; the others (variants { ... }) stay on one line
        Pair<ISemanticRegion, ISemanticRegion> block = braces.stream()
                .min(java.util.Comparator.comparingInt(pair -> pair.getKey().getOffset())).orElseThrow();
        doc.append(block.getKey(), it -> it.newLine());
        doc.prepend(block.getValue(), it -> it.newLine());
        doc.interior(block.getKey(), block.getValue(), it -> it.indent());
        ISemanticRegion leadingKeyword = textRegionExtensions.regionForEObject(definition).getAllSemanticRegions()
                .iterator().next();
        for (ISemanticRegion keyword : regions.keywords(CLAUSES.toArray(String[]::new))) {
            // the definition's own leading keyword (segment, hypothesis) follows the blank line between definitions
            if (keyword != leadingKeyword) {
                doc.prepend(keyword, it -> it.newLine());
            }
        }
        if (definition instanceof Metric metric && metric.getDefinition() != null) {
            doc.prepend(metric.getDefinition(), it -> it.newLine());
        }
        if (definition instanceof Segment segment && segment.getCondition() != null) {
            formatTopLevelAnds(segment.getCondition(), doc);
            doc.interior(segment.getCondition(), it -> it.indent());
        }
    }

    /** Puts each operand of the condition's top-level 'and' chain on its own line. */
    private void formatTopLevelAnds(Condition condition, IFormattableDocument doc) {
        if (condition instanceof And and) {
            for (ISemanticRegion keyword : regionFor(and).keywords("and")) {
                doc.prepend(keyword, it -> it.newLine());
            }
        }
    }

    /** Every token of the file that is one of these keywords. */
    private List<ISemanticRegion> keywords(String... keywords) {
        Set<String> wanted = Set.of(keywords);
        List<ISemanticRegion> found = new ArrayList<>();
        for (ISemanticRegion region : getTextRegionAccess().regionForRootEObject().getAllSemanticRegions()) {
            if (region.getGrammarElement() instanceof Keyword keyword && wanted.contains(keyword.getValue())) {
                found.add(region);
            }
        }
        return found;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
