package io.sextant.cli.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * The Eclipse application {@code io.sextant.cli.sextant}: the command line, started by the product's
 * {@code sextant} script. It needs no display and no workspace (the script passes a temporary instance area,
 * which BIRT's chart engine needs for its state location, and removes it afterwards); its return value is the
 * process's exit code.
 */
public final class SextantApplication implements IApplication {

    /** Held so that the handlers removed from it stay removed (loggers without a reference may be collected). */
    private static final java.util.logging.Logger JUL_ROOT = java.util.logging.Logger.getLogger("");

    @Override
    public Object start(IApplicationContext context) {
        String[] given = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<String> arguments = given == null ? List.of() : Arrays.asList(given);
        context.applicationRunning();
        quietLibraryLogging();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        // the script says whether stderr is a terminal: Java cannot tell stderr from stdout (System.console())
        boolean interactive = "1".equals(System.getenv("SEXTANT_STDERR_TTY"));
        int code = new Cli(new Console(out, err, interactive, System.getenv())).run(arguments);
        out.flush();
        err.flush();
        return Integer.valueOf(code);
    }

    /**
     * Xtext logs through log4j 1.2, which without a configuration writes warnings about itself to stderr, the
     * user's channel here: its errors go to stderr in the command line's format, the rest is dropped.
     */
    private static void quietLibraryLogging() {
        // BIRT logs through java.util.logging, whose console handler writes every SEVERE record to stderr in
        // several lines of its own; a failure that matters reaches the command as an exception and is told in
        // one line, with the details in the log file, so the console handler goes
        for (java.util.logging.Handler handler : JUL_ROOT.getHandlers()) {
            if (handler instanceof java.util.logging.ConsoleHandler) {
                JUL_ROOT.removeHandler(handler);
            }
        }
        Logger root = Logger.getRootLogger();
        if (!root.getAllAppenders().hasMoreElements()) {
            root.addAppender(new ConsoleAppender(new PatternLayout("sextant: %p: %c: %m%n"), ConsoleAppender.SYSTEM_ERR));
            root.setLevel(Level.ERROR);
        }
    }

    @Override
    public void stop() {
        // commands run to their end; the command line has nothing to stop early
    }
}
