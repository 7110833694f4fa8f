package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.SaveOptions;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

import io.sextant.dsl.seg.SegFile;

/** Every example, serialized from its model without its original text, parses back to an equal model. */
@ExtendWith(InjectionExtension.class)
@InjectWith(SegInjectorProvider.class)
class SerializerRoundTripTest {

    @Inject
    private ParseHelper<SegFile> parser;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private ISerializer serializer;

    @Test
    void examplesRoundTrip() throws Exception {
        List<SegFile> originals = Examples.parseAll(parser, resourceSets.get());
        XtextResourceSet copies = resourceSets.get();
        for (int i = 0; i < originals.size(); i++) {
            String name = Examples.NAMES.get(i);
            SegFile original = originals.get(i);
            EcoreUtil.resolveAll(original);
            String text = serializer.serialize(original, SaveOptions.newBuilder().getOptions());
            SegFile reparsed = parser.parse(text, URI.createURI("memory:/copy/" + name), copies);
            assertEquals(List.of(), reparsed.eResource().getErrors(), () -> "serialized text does not parse:\n" + text);
            assertTrue(EcoreUtil.equals(withoutReferences(original), withoutReferences(reparsed)),
                    () -> "the model changed in the round trip of " + name + ":\n" + text);
        }
    }

    /** A copy whose cross references are left out: they point into different resource sets. */
    private static SegFile withoutReferences(SegFile file) {
        EcoreUtil.Copier copier = new EcoreUtil.Copier(true, false);
        SegFile copy = (SegFile) copier.copy(file);
        copier.copyReferences();
        return copy;
    }
}
