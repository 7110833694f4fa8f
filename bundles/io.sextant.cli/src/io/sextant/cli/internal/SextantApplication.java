package io.sextant.cli.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * The Eclipse application {@code io.sextant.cli.sextant}: the command line, started by the product's
 * {@code sextant} script. It needs no display and no workspace (the script passes {@code -data @none}); its
 * return value is the process's exit code.
 */
public final class SextantApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] given = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<String> arguments = given == null ? List.of() : Arrays.asList(given);
        context.applicationRunning();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        // the script says whether stderr is a terminal: Java cannot tell stderr from stdout (System.console())
        boolean interactive = "1".equals(System.getenv("SEXTANT_STDERR_TTY"));
        int code = new Cli(new Console(out, err, interactive, System.getenv())).run(arguments);
        out.flush();
        err.flush();
        return Integer.valueOf(code);
    }

    @Override
    public void stop() {
        // commands run to their end; the command line has nothing to stop early
    }
}
