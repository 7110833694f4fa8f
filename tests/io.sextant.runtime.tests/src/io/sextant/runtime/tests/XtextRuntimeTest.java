package io.sextant.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Grammar;
import org.eclipse.xtext.XtextStandaloneSetup;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

/**
 * Xtext inside the product's OSGi runtime: Guice, ANTLR (the wrapped org.antlr.runtime 3.2.0), EMF and the
 * Xtext runtime wire up. The language used is Xtext's own grammar language, which ships in org.eclipse.xtext;
 * the Sextant language (dsl/) comes with its own issue.
 */
class XtextRuntimeTest {

    private static Injector injector;

    @BeforeAll
    static void createInjector() {
        injector = new XtextStandaloneSetup().createInjectorAndDoEMFRegistration();
    }

    @Test
    void injectorParsesAGrammar() throws IOException {
        XtextResource resource = parse("""
                grammar io.sextant.smoke.Segments hidden(WS)
                generate segments "urn:sextant:smoke:segments"
                import "http://www.eclipse.org/emf/2002/Ecore" as ecore
                Model: segments+=Segment*;
                Segment: 'segment' name=ID '{' 'owner' owner=STRING '}';
                terminal ID: ('a'..'z'|'A'..'Z'|'_') ('a'..'z'|'A'..'Z'|'_'|'0'..'9')*;
                terminal STRING: '"' !('"')* '"';
                terminal WS: (' '|'\\t'|'\\r'|'\\n')+;
                """);
        assertTrue(resource.getErrors().isEmpty(), () -> "syntax errors: " + resource.getErrors());
        Grammar grammar = (Grammar) resource.getContents().get(0);
        assertEquals("io.sextant.smoke.Segments", grammar.getName());
        List<String> rules = grammar.getRules().stream().map(AbstractRule::getName).toList();
        assertEquals(List.of("Model", "Segment", "ID", "STRING", "WS"), rules);

        List<Issue> errors = validate(resource).stream()
                .filter(issue -> issue.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR).toList();
        assertTrue(errors.isEmpty(), () -> "validation errors: " + errors);
    }

    @Test
    void syntaxErrorIsReportedWithItsLine() throws IOException {
        XtextResource resource = parse("""
                grammar io.sextant.smoke.Broken hidden(WS)
                generate broken "urn:sextant:smoke:broken"
                Model: name=ID;
                terminal ID: 'a'..'z'+;
                terminal WS: ' '+;
                Missing
                """);
        assertFalse(resource.getErrors().isEmpty(), "a dangling rule name must be a syntax error");
        Resource.Diagnostic first = resource.getErrors().get(0);
        assertNotNull(first.getMessage());
        assertEquals(6, first.getLine(), () -> "the error should point at the dangling line: " + first.getMessage());
    }

    private static XtextResource parse(String text) throws IOException {
        XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resourceSet.createResource(URI.createURI("memory:/smoke.xtext"));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        return resource;
    }

    private static List<Issue> validate(XtextResource resource) {
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        return validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
    }
}
