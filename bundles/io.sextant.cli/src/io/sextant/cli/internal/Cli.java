package io.sextant.cli.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.sextant.analysis.AnalysisException;
import io.sextant.cli.internal.commands.AnalysesCommand;
import io.sextant.cli.internal.commands.CatalogCommand;
import io.sextant.cli.internal.commands.HistoryCommand;
import io.sextant.cli.internal.commands.InitCommand;
import io.sextant.cli.internal.commands.MembersCommand;
import io.sextant.cli.internal.commands.ResultsCommand;
import io.sextant.cli.internal.commands.SizeCommand;
import io.sextant.cli.internal.commands.ConvertCommand;
import io.sextant.cli.internal.commands.DataSourceCommand;
import io.sextant.cli.internal.commands.ExportLakeCommand;
import io.sextant.cli.internal.commands.ImportCommand;
import io.sextant.cli.internal.commands.PublishCommand;
import io.sextant.cli.internal.commands.ReportCommand;
import io.sextant.cli.internal.commands.RunCommand;
import io.sextant.cli.internal.commands.SampleCommand;
import io.sextant.cli.internal.commands.SqlCommand;
import io.sextant.cli.internal.commands.ValidateCommand;
import io.sextant.data.imports.ImportException;
import io.sextant.engine.EngineException;
import io.sextant.project.ProjectException;
import io.sextant.report.ReportException;
import io.sextant.store.ConflictException;
import io.sextant.store.DamagedRepositoryException;
import io.sextant.store.NotFoundException;
import io.sextant.store.RuleViolationException;

/**
 * The command line: picks the command named by the first argument, parses the rest against what the command
 * declares, runs it and turns every outcome into an exit code. A user's mistake is one line
 * {@code sextant: <message>} on stderr and exit code 1; anything unexpected is exit code 2, with the stack
 * trace in the platform's log.
 */
public final class Cli {

    /** Every command, in the order {@code sextant --help} lists them. A new command is one class added here. */
    public static final List<Command> COMMANDS = List.of(
            new InitCommand(),
            new SampleCommand(),
            new ImportCommand(),
            new ConvertCommand(),
            new ExportLakeCommand(),
            new DataSourceCommand(),
            new ValidateCommand(),
            new SqlCommand(),
            new CatalogCommand(),
            new SizeCommand(),
            new MembersCommand(),
            new AnalysesCommand(),
            new RunCommand(),
            new ResultsCommand(),
            new ReportCommand(),
            new HistoryCommand(),
            new PublishCommand());

    private final Console console;

    public Cli(Console console) {
        this.console = console;
    }

    public int run(List<String> arguments) {
        try {
            return dispatch(arguments);
        } catch (Throwable failure) {
            return report(failure);
        } finally {
            console.out().flush();
            console.err().flush();
        }
    }

    private int dispatch(List<String> arguments) throws Exception {
        if (arguments.isEmpty()) {
            throw new UserError("no command given; commands: " + commandNames() + " (sextant --help explains them)");
        }
        String first = arguments.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            if (arguments.size() > 1 && !first.startsWith("-")) {
                console.out().print(Help.command(command(arguments.get(1))));
            } else {
                console.out().print(Help.overview(COMMANDS, version()));
            }
            return ExitCodes.OK;
        }
        if (first.equals("--version")) {
            console.out().println("sextant " + version());
            return ExitCodes.OK;
        }
        Command command = command(first);
        List<String> rest = arguments.subList(1, arguments.size());
        if (asksForHelp(rest)) {
            console.out().print(Help.command(command));
            String more = command.moreHelp(rest.stream().filter(a -> !a.equals("--help") && !a.equals("-h")).toList());
            if (!more.isEmpty()) {
                console.out().print("\n" + more);
            }
            return ExitCodes.OK;
        }
        return command.run(ArgumentParser.parse(command, rest), console);
    }

    private static Command command(String name) throws UserError {
        Optional<Command> found = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            throw new UserError((name.startsWith("-") ? "unknown option '" : "unknown command '") + name + "'; commands: "
                    + commandNames() + " (sextant --help explains them)");
        }
        return found.get();
    }

    private static boolean asksForHelp(List<String> arguments) {
        for (String argument : arguments) {
            if (argument.equals("--")) {
                return false;
            }
            if (argument.equals("--help") || argument.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static String commandNames() {
        return String.join(", ", COMMANDS.stream().map(Command::name).toList());
    }

    private int report(Throwable failure) {
        Optional<String> mistake = userMessage(failure);
        if (mistake.isPresent()) {
            console.note(oneLine(mistake.get()));
            return ExitCodes.USER_ERROR;
        }
        String where = "";
        try {
            ILog.of(Cli.class).log(Status.error("sextant: internal error", failure));
            if (Platform.getLogFileLocation() != null) {
                where = "; details in " + Platform.getLogFileLocation().toOSString();
            }
        } catch (RuntimeException | LinkageError logging) {
            failure.addSuppressed(logging);
            failure.printStackTrace(console.err());
        }
        console.note(oneLine("internal error: " + failure + where));
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The message to show when the failure is the user's to correct (or a refusal), else empty. */
    static Optional<String> userMessage(Throwable failure) {
        if (failure instanceof UserError || failure instanceof ProjectException || failure instanceof ImportException
                || failure instanceof EngineException || failure instanceof AnalysisException
                || failure instanceof RuleViolationException || failure instanceof ConflictException
                || failure instanceof NotFoundException || failure instanceof DamagedRepositoryException
                || failure instanceof ReportException) {
            return Optional.of(failure.getMessage());
        }
        if (failure instanceof OperationCanceledException) {
            return Optional.of("cancelled; nothing was changed");
        }
        if (failure instanceof SQLException sql && inUse(sql)) {
            return Optional.of("the project's data is in use by another program (is the Sextant IDE open on it?): "
                    + sql.getMessage());
        }
        return Optional.empty();
    }

    /**
     * H2's "database may be already in use" (error 90020), or DuckDB's "Could not set lock on file" (another
     * process has the database open for writing), also when wrapped.
     */
    private static boolean inUse(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() == 90020
                    || String.valueOf(sql.getMessage()).contains("Could not set lock on file"))) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String message) {
        String text = message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
        return text.toLowerCase(Locale.ROOT).startsWith("sextant: ") ? text.substring("sextant: ".length()) : text;
    }

    static String version() {
        Bundle bundle = FrameworkUtil.getBundle(Cli.class);
        return bundle == null ? "(unknown version)" : bundle.getVersion().toString();
    }
}
