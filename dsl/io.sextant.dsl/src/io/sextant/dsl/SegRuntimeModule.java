package io.sextant.dsl;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider;
import org.eclipse.xtext.resource.IDefaultResourceDescriptionStrategy;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.scoping.impl.AbstractDeclarativeScopeProvider;
import org.eclipse.xtext.validation.CompositeEValidator;

import com.google.inject.Binder;
import com.google.inject.name.Names;

import io.sextant.dsl.conversion.SegValueConverters;
import io.sextant.dsl.parser.NestingLimitedSegParser;
import io.sextant.dsl.parser.SegSyntaxErrorMessages;
import io.sextant.dsl.scoping.SegLinkingDiagnosticMessages;
import io.sextant.dsl.scoping.SegImportedNamespaceScopeProvider;
import io.sextant.dsl.scoping.SegResourceDescriptionStrategy;

/** Guice bindings of the .seg language runtime, on top of what Xtext generates. */
public class SegRuntimeModule extends AbstractSegRuntimeModule {

    /**
     * EMF's generic EObjectValidator (multiplicities, proxies) repeats what the parser and the linker report
     * already and costs a tenth of validating a large file.
     */
    public void configureUseEObjectValidator(Binder binder) {
        binder.bind(Boolean.class).annotatedWith(Names.named(CompositeEValidator.USE_EOBJECT_VALIDATOR))
                .toInstance(false);
    }

    /** Only definitions can be referred to: scoping and the index skip everything inside them. */
    @Override
    public void configureIScopeProviderDelegate(Binder binder) {
        binder.bind(IScopeProvider.class).annotatedWith(Names.named(AbstractDeclarativeScopeProvider.NAMED_DELEGATE))
                .to(SegImportedNamespaceScopeProvider.class);
    }

    /** Conditions that nest too deep for a recursive parser are an error of the file, not a StackOverflowError. */
    @Override
    public Class<? extends IParser> bindIParser() {
        return NestingLimitedSegParser.class;
    }

    /** Syntax errors in words ("a number is missing after '>='"), not ANTLR's token names. */
    public Class<? extends ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
        return SegSyntaxErrorMessages.class;
    }

    /** An unresolved reference says "did you mean" with the closest name it can see. */
    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return SegLinkingDiagnosticMessages.class;
    }

    public Class<? extends IDefaultResourceDescriptionStrategy> bindIDefaultResourceDescriptionStrategy() {
        return SegResourceDescriptionStrategy.class;
    }

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return SegValueConverters.class;
    }
}
