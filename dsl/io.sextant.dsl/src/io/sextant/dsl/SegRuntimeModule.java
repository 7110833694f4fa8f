package io.sextant.dsl;

import org.eclipse.xtext.conversion.IValueConverterService;

import io.sextant.dsl.conversion.SegValueConverters;

/** Guice bindings of the .seg language runtime, on top of what Xtext generates. */
public class SegRuntimeModule extends AbstractSegRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return SegValueConverters.class;
    }
}
