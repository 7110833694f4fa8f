package io.sextant.engine.tests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import com.google.inject.Injector;

import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;

/** Parses .seg text (one or more files in one resource set, so references resolve across them). */
public final class Definitions {

    private static final Injector INJECTOR = new SegStandaloneSetup().createInjectorAndDoEMFRegistration();

    private final Map<String, Definition> byName = new LinkedHashMap<>();

    private Definitions() {
    }

    /** Parses files given as name, text, name, text...; a syntax error fails with its line. */
    public static Definitions parse(String... namesAndTexts) throws IOException {
        XtextResourceSet resources = INJECTOR.getInstance(XtextResourceSet.class);
        Definitions result = new Definitions();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            XtextResource resource = (XtextResource) resources.createResource(URI.createURI("test:/" + namesAndTexts[i]));
            resource.load(new ByteArrayInputStream(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8)), null);
            if (!resource.getErrors().isEmpty()) {
                var error = resource.getErrors().get(0);
                throw new IllegalArgumentException(namesAndTexts[i] + ":" + error.getLine() + ": " + error.getMessage());
            }
            for (Definition definition : ((SegFile) resource.getContents().get(0)).getDefinitions()) {
                result.byName.put(definition.getName(), definition);
            }
        }
        org.eclipse.emf.ecore.util.EcoreUtil.resolveAll(resources);
        return result;
    }

    public Segment segment(String name) {
        return (Segment) require(name);
    }

    public Metric metric(String name) {
        return (Metric) require(name);
    }

    public Definition require(String name) {
        Definition definition = byName.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no definition " + name);
        }
        return definition;
    }

    public List<Segment> segments() {
        return byName.values().stream().filter(Segment.class::isInstance).map(Segment.class::cast).toList();
    }

    public List<Metric> metrics() {
        return byName.values().stream().filter(Metric.class::isInstance).map(Metric.class::cast).toList();
    }
}
