package io.sextant.ui.editor.internal.editor;

import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.codemining.AbstractCodeMiningProvider;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.codemining.LineHeaderCodeMining;
import org.eclipse.jface.text.source.ISourceViewerExtension5;
import org.eclipse.swt.widgets.Display;

import io.sextant.data.EventDataSource;
import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.project.SextantProject;
import io.sextant.ui.editor.internal.model.LanguageWork;

/**
 * The size of each segment where it is written: a line above the segment, "9,412 users as of 2025-05-05",
 * counted on the project's event data as of the data's last day, in a background job when the file is opened
 * and each time it is saved. A segment edited since it was counted says so ("… — edited since: save to count
 * again"); while counting, "counting users…". A segment whose condition the engine cannot plan shows why.
 */
final class SegmentSizes extends AbstractCodeMiningProvider {

    /** A count, of the segment's text as it was when counted. */
    record Size(long users, LocalDate asOf, String text, String error) {
    }

    /** Files with more segments are not counted (each count is a query, with the project's lock held). */
    static final int MAX_SEGMENTS = 100;

    private final SegEditor editor;
    private final Path projectFolder;
    private final Map<String, Size> sizes = new ConcurrentHashMap<>();
    private volatile boolean counting;
    private Job job;

    SegmentSizes(SegEditor editor, Path projectFolder) {
        this.editor = editor;
        this.projectFolder = projectFolder;
    }

    /** Counts the members of every segment of the editor's text, in a job (a count under way is cancelled). */
    void count() {
        SegReconciler reconciler = editor.reconciler();
        if (reconciler == null || projectFolder == null || !EventDataSource.hasEmbeddedData(projectFolder)) {
            return;
        }
        if (job != null) {
            job.cancel();
        }
        SegReconciler.Snapshot snapshot = reconciler.latest();
        job = Job.create("Counting the segments' users",
                (org.eclipse.core.runtime.jobs.IJobFunction) monitor -> run(reconciler, snapshot, monitor));
        job.setSystem(true);
        job.setPriority(Job.DECORATE);
        counting = true;
        update();
        job.schedule();
    }

    private IStatus run(SegReconciler reconciler, SegReconciler.Snapshot snapshot, IProgressMonitor monitor) {
        try {
            EventDataSource source = EventDataSource.embedded(projectFolder);
            LocalDate asOf = SextantProject.lastDataDay(source);
            Engine engine = Engine.on(source);
            // the definitions are read under the project's lock; each count runs its SQL with the lock held
            // (the engine reads the parsed model while it plans); tier S segments take milliseconds each
            reconciler.model().locked(files -> LanguageWork.run("count the segments' users", () -> {
                var resource = reconciler.resourceOf(files, snapshot);
                if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof SegFile file)) {
                    return null;
                }
                long segments = file.getDefinitions().stream().filter(Segment.class::isInstance).count();
                if (segments > MAX_SEGMENTS) {
                    return null; // a file this large is not counted as it is opened and saved
                }
                try (EngineRun run = engine.open(asOf)) {
                    for (Definition definition : file.getDefinitions()) {
                        if (monitor.isCanceled()) {
                            return null;
                        }
                        if (!(definition instanceof Segment segment) || segment.getName() == null) {
                            continue;
                        }
                        String text = textOf(snapshot.text(), definition);
                        try {
                            sizes.put(segment.getName(), new Size(run.size(segment, monitor), asOf, text, null));
                        } catch (Exception e) {
                            sizes.put(segment.getName(), new Size(-1, asOf, text, e.getMessage()));
                        }
                    }
                } catch (io.sextant.engine.EngineException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
        } catch (Exception e) {
            // no data to count on, or the engine cannot open it: no sizes shown
        } finally {
            counting = false;
            update();
        }
        return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
    }

    private static String textOf(String text, Definition definition) {
        var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(definition);
        if (node == null) {
            return "";
        }
        int end = Math.min(text.length(), node.getOffset() + node.getLength());
        return text.substring(Math.min(node.getOffset(), end), end);
    }

    /** Draws the minings again (from any thread). */
    void update() {
        Display display = Display.getDefault();
        display.asyncExec(() -> {
            if (editor.viewer() instanceof ISourceViewerExtension5 viewer && editor.viewer().getTextWidget() != null
                    && !editor.viewer().getTextWidget().isDisposed()) {
                viewer.updateCodeMinings();
            }
        });
    }

    /** What the line above the segment says now (for tests): null when there is nothing to show. */
    String label(OutlineEntry entry, String text) {
        if (hasError(entry)) {
            return "not counted while it has errors";
        }
        Size size = sizes.get(entry.name());
        if (size == null) {
            return counting ? "counting users…" : null;
        }
        if (size.error() != null) {
            return "cannot count its users: " + size.error();
        }
        String current = entry.offset() >= 0 && entry.offset() + entry.length() <= text.length()
                ? text.substring(entry.offset(), entry.offset() + entry.length()) : "";
        String label = NumberFormat.getIntegerInstance(Locale.US).format(size.users())
                + (size.users() == 1 ? " user" : " users") + " as of " + size.asOf();
        if (!current.contains(size.text())) {
            label += counting ? " — counting again…" : " — edited since: save to count again";
        }
        return label;
    }

    @Override
    public CompletableFuture<List<? extends ICodeMining>> provideCodeMinings(ITextViewer viewer, IProgressMonitor monitor) {
        IDocument document = viewer.getDocument();
        List<OutlineEntry> entries = editor.outlineEntries();
        String text = document == null ? "" : document.get();
        List<ICodeMining> minings = new ArrayList<>();
        for (OutlineEntry entry : entries) {
            if (!"segment".equals(entry.kind())) {
                continue;
            }
            String label = label(entry, text);
            if (label == null || entry.offset() < 0 || entry.offset() > text.length()) {
                continue;
            }
            try {
                int line = document.getLineOfOffset(entry.offset());
                LineHeaderCodeMining mining = new LineHeaderCodeMining(line, document, this) {
                };
                mining.setLabel(label);
                minings.add(mining);
            } catch (BadLocationException e) {
                // moved meanwhile: the next update draws it
            }
        }
        return CompletableFuture.completedFuture(minings);
    }

    /** Whether the editor shows an error in the segment (its count would answer another question). */
    private boolean hasError(OutlineEntry entry) {
        SegReconciler reconciler = editor.reconciler();
        var applied = reconciler == null ? null : reconciler.applied();
        if (applied == null) {
            return false;
        }
        return applied.issues().stream().anyMatch(issue -> issue.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR
                && issue.getOffset() != null && issue.getOffset() >= entry.offset()
                && issue.getOffset() < entry.offset() + entry.length());
    }

    /** The sizes counted so far, by segment name (for tests). */
    Map<String, Size> sizes() {
        return Map.copyOf(sizes);
    }
}
