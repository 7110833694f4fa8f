package io.sextant.dsl.scoping;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.IScopeProvider;

import com.google.inject.Inject;

import io.sextant.dsl.seg.SegPackage;
import io.sextant.dsl.validation.Spelling;

/**
 * A reference to a definition that does not resolve: "unknown segment 'Actve': did you mean 'Active'?" with
 * the closest name the reference can see, or, when the name is a definition of another kind, which kind it is
 * ("'Revenue' is a metric, not a segment"), instead of "Couldn't resolve reference to Segment 'Actve'.". The
 * issue code stays Xtext's linking code; its data is the name written and, with a suggestion, the suggestion.
 */
public class SegLinkingDiagnosticMessages extends LinkingDiagnosticMessageProvider {

    @Inject
    private IScopeProvider scopes;

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        String name = context.getLinkText();
        EReference reference = context.getReference();
        String kind = kind(reference.getEReferenceType());
        IScope visible = scopes.getScope(context.getContext(), reference);
        Set<String> candidates = new LinkedHashSet<>();
        for (IEObjectDescription described : visible.getAllElements()) {
            candidates.add(described.getName().toString());
        }
        Optional<String> closest = Spelling.closest(name, candidates);
        if (closest.isPresent()) {
            return new DiagnosticMessage("unknown " + kind + " '" + name + "': did you mean '" + closest.get() + "'?",
                    Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC, name, closest.get());
        }
        Optional<String> otherKind = otherKind(context, name);
        if (otherKind.isPresent()) {
            return new DiagnosticMessage("'" + name + "' is " + article(otherKind.get()) + " " + otherKind.get()
                    + ", not " + article(kind) + " " + kind, Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC, name);
        }
        return new DiagnosticMessage("unknown " + kind + " '" + name + "': no " + kind + " of this name in the "
                + "project (one in another package needs an import or its qualified name)", Severity.ERROR,
                Diagnostic.LINKING_DIAGNOSTIC, name);
    }

    /** The kind of the definition of that name the context can see, when it is not the kind the reference wants. */
    private Optional<String> otherKind(ILinkingDiagnosticContext context, String name) {
        if (context.getReference() == SegPackage.Literals.REFERENCE_VALUE__DEFINITION) {
            return Optional.empty(); // that reference takes every kind already
        }
        IScope definitions = scopes.getScope(context.getContext(), SegPackage.Literals.REFERENCE_VALUE__DEFINITION);
        for (IEObjectDescription described : definitions.getAllElements()) {
            if (described.getName().toString().equals(name)) {
                return Optional.of(kind(described.getEClass()));
            }
        }
        return Optional.empty();
    }

    private static String kind(EClass type) {
        return type == SegPackage.Literals.DEFINITION ? "definition" : type.getName().toLowerCase();
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }
}
