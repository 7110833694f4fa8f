package io.sextant.ui.analysis.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.ParameterDescriptor;
import io.sextant.analysis.Parameters;

/**
 * Chooses an analysis (grouped by category) and its parameters, one input per parameter by type, defaults
 * filled in; every change is checked as the runner will check it, and the first mistake is shown at the top
 * with Run disabled until it is fixed.
 */
public final class RunAnalysisDialog extends TitleAreaDialog {

    /** The data key under which inputs carry their parameter name (tests find them by it). */
    public static final String WIDGET_ID = "io.sextant.widget.id";

    private final ProjectSession session;
    private final List<AnalysisDescriptor> analyses;
    private final Map<String, String> prefill;
    private final String initialAnalysis;
    private final Map<String, Supplier<String>> inputs = new LinkedHashMap<>();
    private Combo analysisCombo;
    private Label description;
    private Composite parameters;
    private Text asOf;
    private AnalysisRequest request;
    /** What was typed for each analysis shown in this dialog (switching analyses and back keeps it). */
    private final Map<String, Map<String, String>> typed = new LinkedHashMap<>();
    private String shownAnalysis;

    public RunAnalysisDialog(Shell shell, ProjectSession session, String initialAnalysis, Map<String, String> prefill) {
        super(shell);
        this.session = session;
        this.initialAnalysis = initialAnalysis;
        this.prefill = prefill == null ? Map.of() : Map.copyOf(prefill);
        List<AnalysisDescriptor> sorted = new ArrayList<>(session.registry().all());
        sorted.sort(Comparator.comparing(AnalysisDescriptor::category).thenComparing(AnalysisDescriptor::name));
        this.analyses = List.copyOf(sorted);
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Run Analysis");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Run an analysis on " + session.project().getName());
        setMessage("Choose an analysis and its parameters; the run is recorded with its results in the repository.");
        Composite body = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(body);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);

        new Label(body, SWT.NONE).setText("Analysis:");
        analysisCombo = new Combo(body, SWT.READ_ONLY | SWT.DROP_DOWN);
        analysisCombo.setData(WIDGET_ID, "analysis");
        for (AnalysisDescriptor analysis : analyses) {
            analysisCombo.add(analysis.category() + " › " + analysis.name());
        }
        analysisCombo.setVisibleItemCount(Math.min(20, Math.max(1, analyses.size())));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(analysisCombo);
        description = new Label(body, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(520, SWT.DEFAULT).applyTo(description);

        parameters = new Composite(body, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(parameters);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(parameters);

        new Label(body, SWT.NONE).setText("As of:");
        asOf = new Text(body, SWT.BORDER);
        asOf.setData(WIDGET_ID, "asOf");
        asOf.setText(session.lastDataDay().toString());
        asOf.setToolTipText("The day the analysis looks from (yyyy-mm-dd): periods that end after it are left open");
        asOf.addModifyListener(e -> validate());
        GridDataFactory.fillDefaults().grab(true, false).applyTo(asOf);

        analysisCombo.addModifyListener(e -> showParameters());
        int initial = 0;
        String wanted = initialAnalysis != null ? initialAnalysis : LastParameters.lastAnalysis();
        for (int i = 0; i < analyses.size(); i++) {
            if (analyses.get(i).id().equals(wanted)) {
                initial = i;
            }
        }
        if (!analyses.isEmpty()) {
            analysisCombo.select(initial);
        }
        showParameters();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Run", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        validate();
    }

    private AnalysisDescriptor selected() {
        int index = analysisCombo.getSelectionIndex();
        return index < 0 ? null : analyses.get(index);
    }

    private void showParameters() {
        if (shownAnalysis != null) {
            typed.put(shownAnalysis, rawValues());
        }
        for (Control child : parameters.getChildren()) {
            child.dispose();
        }
        inputs.clear();
        AnalysisDescriptor analysis = selected();
        description.setText(analysis == null ? "No analysis is installed." : analysis.description());
        shownAnalysis = analysis == null ? null : analysis.id();
        if (analysis != null) {
            // what was typed here before, else the last values run with, else the defaults; the cursor's
            // segment always wins
            Map<String, String> earlier = typed.containsKey(analysis.id()) ? typed.get(analysis.id())
                    : LastParameters.of(analysis.id());
            for (ParameterDescriptor parameter : analysis.parameters()) {
                addInput(parameter, earlier);
            }
        }
        parameters.layout(true, true);
        Shell shell = getShell();
        if (shell != null && shell.isVisible()) {
            shell.setSize(shell.computeSize(Math.max(shell.getSize().x, 560), SWT.DEFAULT));
        }
        validate();
    }

    private void addInput(ParameterDescriptor parameter, Map<String, String> earlier) {
        Label label = new Label(parameters, SWT.NONE);
        label.setText(parameter.name() + (parameter.required() ? " *" : "") + ":");
        String tip = (parameter.description() == null ? "" : parameter.description() + " — ")
                + parameter.type().schemaName() + (parameter.required() ? ", required" : "");
        label.setToolTipText(tip);
        String initial = prefill.containsKey(parameter.name()) ? prefill.get(parameter.name())
                : earlier.containsKey(parameter.name()) ? earlier.get(parameter.name())
                : parameter.defaultValue() == null ? "" : parameter.defaultValue();
        Control control;
        switch (parameter.type()) {
            case BOOLEAN -> {
                Button check = new Button(parameters, SWT.CHECK);
                check.setSelection(Boolean.parseBoolean(initial));
                check.addListener(SWT.Selection, e -> validate());
                inputs.put(parameter.name(), () -> Boolean.toString(check.getSelection()));
                control = check;
            }
            case CHOICE -> {
                Combo combo = new Combo(parameters, SWT.READ_ONLY | SWT.DROP_DOWN);
                if (!parameter.required()) {
                    combo.add("");
                }
                parameter.choices().forEach(combo::add);
                combo.setText(initial);
                combo.addModifyListener(e -> validate());
                inputs.put(parameter.name(), combo::getText);
                control = combo;
            }
            case SEGMENT, METRIC, EVENT -> {
                // editable: a qualified name may be typed where a simple one is ambiguous
                Combo combo = new Combo(parameters, SWT.DROP_DOWN);
                if (!parameter.required()) {
                    combo.add("");
                }
                List<String> names = switch (parameter.type()) {
                    case SEGMENT -> session.segmentNames();
                    case METRIC -> session.metricNames();
                    default -> session.eventNames();
                };
                names.forEach(combo::add);
                combo.setText(initial);
                combo.addModifyListener(e -> validate());
                // typing completes from the same names (Ctrl+Space, or as soon as a letter is typed)
                NameCompletion.install(combo, names, false);
                inputs.put(parameter.name(), combo::getText);
                control = combo;
            }
            default -> {
                Text text = new Text(parameters, SWT.BORDER);
                text.setText(initial);
                List<String> names = switch (parameter.type()) {
                    case SEGMENTS -> session.segmentNames();
                    case METRICS -> session.metricNames();
                    case EVENTS -> session.eventNames();
                    default -> List.of();
                };
                if (!names.isEmpty()) {
                    text.setMessage(String.join(", ", names));
                    tip += " — separated by commas, from: " + String.join(", ", names);
                    // completes the name being typed (after the last comma) from the names
                    NameCompletion.install(text, names, true);
                } else if (parameter.type().schemaName().equals("text") && parameter.description() != null) {
                    text.setMessage(parameter.description());
                }
                text.addModifyListener(e -> validate());
                inputs.put(parameter.name(), text::getText);
                control = text;
            }
        }
        control.setData(WIDGET_ID, "parameter." + parameter.name());
        control.setToolTipText(tip);
        GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(control);
    }

    /** Checks the values as the runner will; shows the first mistake and disables Run while there is one. */
    private void validate() {
        String error = check();
        setErrorMessage(error);
        Button run = getButton(IDialogConstants.OK_ID);
        if (run != null) {
            run.setEnabled(error == null);
        }
    }

    private String check() {
        AnalysisDescriptor analysis = selected();
        if (analysis == null) {
            return "No analysis is installed.";
        }
        Map<String, String> values = values();
        LocalDate day;
        try {
            day = LocalDate.parse(asOf.getText().strip());
        } catch (DateTimeParseException e) {
            return "As of is a date (yyyy-mm-dd), not '" + asOf.getText().strip() + "'";
        }
        try {
            Parameters.resolve(analysis, values, session.lookup());
        } catch (AnalysisException e) {
            return e.getMessage();
        }
        String unknown = unknownEvent(analysis, values);
        if (unknown != null) {
            return unknown;
        }
        for (String event : analysis.requiredEvents()) {
            if (session.catalog().event(event).isEmpty()) {
                return "Analysis '" + analysis.id() + "' needs the event '" + event + "', which the data does not have";
            }
        }
        request = new AnalysisRequest(analysis.id(), values, day, session.lookup());
        return null;
    }

    /**
     * The first event named in an event parameter (one event, or several separated by commas) that the data
     * does not have, as a message with the closest names; null when all are known. Checked here, before the
     * run, because the analysis would only find it out after it started.
     */
    private String unknownEvent(AnalysisDescriptor analysis, Map<String, String> values) {
        var known = session.catalog().events().keySet();
        if (known.isEmpty()) {
            return null; // no data: the runner says so
        }
        for (ParameterDescriptor parameter : analysis.parameters()) {
            if (parameter.type() != io.sextant.analysis.ParameterType.EVENT
                    && parameter.type() != io.sextant.analysis.ParameterType.EVENTS) {
                continue;
            }
            String value = values.get(parameter.name());
            if (value == null) {
                continue;
            }
            for (String name : parameter.type() == io.sextant.analysis.ParameterType.EVENT ? List.of(value)
                    : List.of(value.split(","))) {
                String event = name.strip();
                if (event.isEmpty() || known.contains(event)) {
                    continue;
                }
                List<String> close = NameCompletion.closest(event, known, 3);
                return "parameter '" + parameter.name() + "' of analysis '" + analysis.id() + "': the data has no event '"
                        + event + "'" + (close.isEmpty() ? "" : "; did you mean " + String.join(", ",
                                close.stream().map(c -> "'" + c + "'").toList()) + "?");
            }
        }
        return null;
    }

    /** The inputs' texts as typed (empty ones too), to keep them. */
    private Map<String, String> rawValues() {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((name, value) -> values.put(name, value.get()));
        return values;
    }

    private Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((name, value) -> {
            String text = value.get().strip();
            if (!text.isEmpty()) {
                values.put(name, text);
            }
        });
        return values;
    }

    @Override
    protected void okPressed() {
        if (check() == null) {
            // remembered per analysis: the next time the dialog opens on it, these values are filled in (also
            // when this run fails: what was typed is not lost)
            LastParameters.remember(request.analysisId(), rawValues());
            super.okPressed();
        }
    }

    /** The checked request, once the dialog was closed with Run. */
    public AnalysisRequest request() {
        return request;
    }
}
