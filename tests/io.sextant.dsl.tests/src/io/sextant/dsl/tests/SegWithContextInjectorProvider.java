package io.sextant.dsl.tests;

import io.sextant.dsl.SegRuntimeModule;
import io.sextant.dsl.context.ProjectContextProvider;

/** The language with {@link FixtureContext} bound as its project context. */
public class SegWithContextInjectorProvider extends SegInjectorProvider {

    @Override
    protected SegRuntimeModule createRuntimeModule() {
        return new SegRuntimeModule() {
            @Override
            public ClassLoader bindClassLoaderToInstance() {
                return SegWithContextInjectorProvider.class.getClassLoader();
            }

            @SuppressWarnings("unused")
            public Class<? extends ProjectContextProvider> bindProjectContextProvider() {
                return FixtureContext.class;
            }
        };
    }
}
