package io.sextant.store.tests;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Starts a plain JVM (no OSGi) on the jars of the bundles a main class needs, for tests that kill it. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** A command line that runs {@code main} with the bundles that hold each of {@code needs} on the class path. */
    static List<String> java(Class<?> main, List<String> arguments, Class<?>... needs) {
        Set<String> classPath = new LinkedHashSet<>();
        classPath.add(location(main));
        for (Class<?> type : needs) {
            classPath.add(location(type));
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(main.getName());
        command.addAll(arguments);
        return command;
    }

    /**
     * Starts a {@link CrashWriter} on the repository file, with the bundles the store needs on its class path;
     * it appends what it does to {@code log}.
     */
    static Process crashWriter(java.nio.file.Path repository, long seed, java.nio.file.Path log)
            throws java.io.IOException {
        return new ProcessBuilder(java(CrashWriter.class, List.of(repository.toString(), Long.toString(seed),
                log.toString()),
                io.sextant.store.Repository.class, io.sextant.model.SextantPackage.class,
                io.sextant.dsl.context.DefinitionText.class, org.h2.Driver.class, org.eclipse.emf.ecore.EObject.class,
                org.eclipse.emf.common.util.URI.class, com.github.difflib.DiffUtils.class))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The lines of a writer's log so far (an empty list before it exists). */
    static List<String> logLines(java.nio.file.Path log) throws java.io.IOException {
        return java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : List.of();
    }

    /** The jar or class folder of the bundle that holds the class. */
    private static String location(Class<?> type) {
        Bundle bundle = FrameworkUtil.getBundle(type);
        if (bundle == null) {
            throw new IllegalStateException(type + " is not in a bundle");
        }
        File file = FileLocator.getBundleFileLocation(bundle)
                .orElseThrow(() -> new IllegalStateException("no file for bundle " + bundle.getSymbolicName()));
        if (file.isDirectory()) {
            // a reactor bundle in the build: its classes are compiled into target/classes
            File classes = new File(file, "target/classes");
            if (classes.isDirectory()) {
                return classes.getAbsolutePath();
            }
        }
        return file.getAbsolutePath();
    }
}
