package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

import io.sextant.dsl.seg.SegFile;

/** The formatter lays out messy text as the language's style says, and formatting twice changes nothing. */
@ExtendWith(InjectionExtension.class)
@InjectWith(SegInjectorProvider.class)
class SegFormatterTest {

    @Inject
    private ParseHelper<SegFile> parser;

    @Inject
    private Provider<IFormatter2> formatters;

    @Inject
    private Provider<TextRegionAccessBuilder> regionAccess;

    @Test
    void messyTextIsLaidOut() throws Exception {
        String messy = "package   acme.growth\nimport acme.core.*\n"
                + "segment   PowerUsers{owner \"ana\"   version 3 where count \"feature_viewed\"  within 7 days after signup>=3 and(user.plan=\"pro\" or user.seats >10)and in segment ActiveUsers}"
                + "experiment Tour { owner \"o\" variants {control 50 % ,tour 50 %} alpha 0.05 }";
        String expected = """
                package acme.growth

                import acme.core.*

                segment PowerUsers {
                    owner "ana"
                    version 3
                    where count "feature_viewed" within 7 days after signup >= 3
                        and (user.plan = "pro" or user.seats > 10)
                        and in segment ActiveUsers
                }

                experiment Tour {
                    owner "o"
                    variants { control 50%, tour 50% }
                    alpha 0.05
                }
                """;
        assertEquals(expected, format(messy));
    }

    @Test
    void formatsTheNewForms() throws Exception {
        String messy = "segment S { owner \"o\" where first   \"p\" [ amount>1 ]  at  least 3 days after first \"q\"[x=1] "
                + "and did any   event [ a = 1 ] within 7 days  before  signup }";
        String expected = """
                segment S {
                    owner "o"
                    where first "p" [amount > 1] at least 3 days after first "q" [x = 1]
                        and did any event [a = 1] within 7 days before signup
                }
                """;
        assertEquals(expected, format(messy));
    }

    @Test
    void formattingIsIdempotentOnEveryExample() throws Exception {
        for (String name : Examples.NAMES) {
            String once = format(Examples.text(name));
            assertEquals(once, format(once), () -> "formatting " + name + " twice changed it");
            assertEquals(List.of(), parser.parse(once).eResource().getErrors(), "formatted text still parses");
        }
    }

    private String format(String text) throws Exception {
        SegFile file = parser.parse(text);
        XtextResource resource = (XtextResource) file.eResource();
        assertEquals(List.of(), resource.getErrors(), () -> "syntax errors in:\n" + text);
        ITextRegionAccess regions = regionAccess.get().forNodeModel(resource).create();
        FormatterRequest request = new FormatterRequest().setTextRegionAccess(regions);
        MapBasedPreferenceValues preferences = new MapBasedPreferenceValues();
        preferences.put(FormatterPreferenceKeys.indentation, "    ");
        request.setPreferences(preferences);
        List<ITextReplacement> replacements = formatters.get().format(request);
        return regions.getRewriter().renderToString(replacements);
    }
}
