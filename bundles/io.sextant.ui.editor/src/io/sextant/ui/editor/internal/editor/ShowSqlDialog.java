package io.sextant.ui.editor.internal.editor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IFileEditorInput;

import io.sextant.data.Dialect;
import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineException;
import io.sextant.engine.SqlExplanation;
import io.sextant.project.ProjectException;
import io.sextant.project.SextantProject;
import io.sextant.ui.editor.internal.model.LanguageWork;

/**
 * "Show SQL": the SQL the engine runs for the segment or metric under the cursor, on the project's event
 * data, as of the data's last day (the day runs take by default: {@link SextantProject#lastDataDay}), in the dialect chosen (H2, the project's own engine, or DuckDB or PostgreSQL for the same
 * data): formatted with its parameters, and with the values written in; Copy puts the shown text on the
 * clipboard. A planning mistake shows its one-line message instead.
 */
public final class ShowSqlDialog extends Dialog {

    /** The dialects offered, in the order of the choice. */
    static final List<Dialect> DIALECTS = List.of(Dialects.H2, Dialects.DUCKDB, Dialects.POSTGRESQL);
    /** Their names as shown, in the same order. */
    static final List<String> LABELS = List.of("H2", "DuckDB", "PostgreSQL");

    private static final int COPY = IDialogConstants.CLIENT_ID + 1;

    private final SegEditor editor;
    private final String definitionName;
    private final Path projectFolder;
    /** The data's last day, as runs take it; read with the first explanation, off the UI thread. */
    private volatile LocalDate asOf;
    private Label date;
    private Combo dialect;
    private Label message;
    private TabFolder tabs;
    private Text withValues;
    private Text withParameters;
    private volatile SqlExplanation shown;

    private ShowSqlDialog(Shell shell, SegEditor editor, String definitionName, Path projectFolder) {
        super(shell);
        this.editor = editor;
        this.definitionName = definitionName;
        this.projectFolder = projectFolder;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /** Opens the dialog for the definition under the editor's cursor, or says why there is none. */
    public static void open(SegEditor editor) {
        Shell shell = editor.getSite().getShell();
        if (!(editor.getEditorInput() instanceof IFileEditorInput input) || editor.reconciler() == null) {
            return;
        }
        int offset = ((ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
        OutlineEntry entry = editor.outlineEntries().stream()
                .filter(e -> e.offset() <= offset && offset <= e.offset() + e.length()).findFirst().orElse(null);
        if (entry == null) {
            MessageDialog.openInformation(shell, "Show SQL", "Put the cursor in a segment or a metric to see its SQL.");
            return;
        }
        IFile file = input.getFile();
        if (file.getProject().getLocation() == null) {
            return;
        }
        new ShowSqlDialog(shell, editor, entry.name(), file.getProject().getLocation().toFile().toPath()).open();
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Show SQL: " + definitionName);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        Composite top = new Composite(area, SWT.NONE);
        top.setLayout(new GridLayout(3, false));
        top.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(top, SWT.NONE).setText("Dialect:");
        dialect = new Combo(top, SWT.READ_ONLY);
        LABELS.forEach(dialect::add);
        dialect.select(0);
        dialect.addListener(SWT.Selection, event -> explain());
        date = new Label(top, SWT.NONE);
        date.setText("as of the data's last day, on the project's event data");
        message = new Label(area, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        tabs = new TabFolder(area, SWT.NONE);
        GridData tabsData = new GridData(SWT.FILL, SWT.FILL, true, true);
        tabsData.widthHint = 900;
        tabsData.heightHint = 480;
        tabs.setLayoutData(tabsData);
        withValues = tab("SQL with values");
        withParameters = tab("SQL and parameters");
        explain();
        return area;
    }

    private Text tab(String title) {
        TabItem item = new TabItem(tabs, SWT.NONE);
        item.setText(title);
        Text text = new Text(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.H_SCROLL | SWT.V_SCROLL);
        text.setFont(JFaceResources.getTextFont());
        item.setControl(text);
        return text;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, COPY, "&Copy", false);
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == COPY) {
            copy();
        } else if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    /** Puts the text of the tab shown on the clipboard. */
    private void copy() {
        String text = (tabs.getSelectionIndex() == 1 ? withParameters : withValues).getText();
        if (text.isEmpty()) {
            return;
        }
        Clipboard clipboard = new Clipboard(getShell().getDisplay());
        try {
            clipboard.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }

    /** Plans and renders the SQL in a job (it reads the data source's layout), then shows it. */
    private void explain() {
        Dialect chosen = DIALECTS.get(Math.max(0, dialect.getSelectionIndex()));
        message.setText("Planning " + definitionName + " for " + LABELS.get(DIALECTS.indexOf(chosen)) + " ...");
        SegReconciler reconciler = editor.reconciler();
        SegReconciler.Snapshot snapshot = reconciler.latest();
        Job job = Job.create("Showing the SQL of " + definitionName, monitor -> {
            String error = null;
            SqlExplanation explanation = null;
            try {
                explanation = explain(reconciler, snapshot, chosen);
            } catch (EngineException | RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            }
            SqlExplanation result = explanation;
            String problem = error;
            getShell().getDisplay().asyncExec(() -> show(chosen, result, problem));
            return Status.OK_STATUS;
        });
        job.setPriority(Job.INTERACTIVE);
        job.schedule();
    }

    private SqlExplanation explain(SegReconciler reconciler, SegReconciler.Snapshot snapshot, Dialect chosen)
            throws EngineException {
        if (!EventDataSource.hasEmbeddedData(projectFolder)) {
            throw new EngineException("the project has no event data yet: import events (File > Import) to see SQL");
        }
        EventDataSource embedded = EventDataSource.embedded(projectFolder);
        // the layout (property columns) is read from the project's data; the SQL is rendered for the dialect chosen
        EventDataSource source = chosen == embedded.dialect() ? embedded : embedded.renderingAs(chosen);
        Engine engine = Engine.on(source);
        if (asOf == null) {
            // the day runs are made as of by default (the dialog, the command line, reports): the data's last day
            try {
                asOf = SextantProject.lastDataDay(embedded);
            } catch (ProjectException e) {
                asOf = LocalDate.now(ZoneOffset.UTC);
            }
        }
        SqlExplanation[] result = new SqlExplanation[1];
        EngineException[] failure = new EngineException[1];
        reconciler.model().locked(files -> LanguageWork.run("explain " + definitionName, () -> {
            var resource = reconciler.resourceOf(files, snapshot);
            Definition definition = null;
            if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof SegFile file) {
                definition = file.getDefinitions().stream().filter(d -> definitionName.equals(d.getName())).findFirst()
                        .orElse(null);
            }
            if (definition == null) {
                failure[0] = new EngineException(resource.getURI().lastSegment() + ": no definition named "
                        + definitionName + " (the text changed)");
                return null;
            }
            try {
                result[0] = engine.explain(definition, asOf);
            } catch (EngineException e) {
                failure[0] = e;
            }
            return null;
        }));
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    private void show(Dialect chosen, SqlExplanation explanation, String error) {
        if (getShell() == null || getShell().isDisposed()
                || DIALECTS.get(Math.max(0, dialect.getSelectionIndex())) != chosen) {
            return; // closed, or another dialect chosen meanwhile
        }
        shown = explanation;
        if (explanation == null) {
            message.setText(error);
            withValues.setText("");
            withParameters.setText("");
        } else {
            message.setText(explanation.definition() + " in " + LABELS.get(DIALECTS.indexOf(chosen)) + ", as of " + asOf);
            date.setText("as of " + asOf + " (UTC, the data's last day), on the project's event data");
            withValues.setText(explanation.sqlWithValues());
            StringBuilder parameters = new StringBuilder(explanation.sql()).append("\n\n-- parameters\n");
            for (int i = 0; i < explanation.parameters().size(); i++) {
                parameters.append("-- ").append(i + 1).append(": ").append(explanation.parameters().get(i)).append('\n');
            }
            withParameters.setText(parameters.toString());
        }
        message.getParent().layout(true, true);
    }

    /** The day the SQL is made as of (null until the first explanation), for tests. */
    public LocalDate asOf() {
        return asOf;
    }

    /** The explanation on screen (null while planning or after an error), for tests. */
    public SqlExplanation shown() {
        return shown;
    }
}
