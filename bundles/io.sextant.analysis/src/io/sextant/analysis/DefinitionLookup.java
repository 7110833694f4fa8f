package io.sextant.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;

/**
 * The definitions an analysis' parameters may name: those of the project's .seg files, with references
 * resolved. A name is a qualified name (acme.core.Revenue) or a simple name that only one definition has.
 */
@FunctionalInterface
public interface DefinitionLookup {

    /** The definitions with this qualified or simple name (more than one: the simple name is ambiguous). */
    List<Definition> find(String name);

    /** A lookup over these definitions. */
    static DefinitionLookup of(Collection<? extends Definition> definitions) {
        List<Definition> all = List.copyOf(definitions);
        return name -> {
            List<Definition> qualified = new ArrayList<>();
            List<Definition> simple = new ArrayList<>();
            for (Definition definition : all) {
                if (name.equals(SegDefinitions.qualifiedName(definition))) {
                    qualified.add(definition);
                } else if (name.equals(definition.getName())) {
                    simple.add(definition);
                }
            }
            return qualified.isEmpty() ? simple : qualified;
        };
    }
}
