package io.sextant.ui.internal.data;

import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DragSourceAdapter;
import org.eclipse.swt.dnd.DragSourceEvent;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.project.SextantProject;

/**
 * The project's event data as the catalog knows it: every event with its volume, users, a sparkline of its last
 * 30 days and the days it was first and last seen; under each, its properties with type, how many events have
 * a value, distinct values and the PII flag; the user attributes likewise. An event (or property) dragged into
 * the editor drops its name as written in a .seg file. The catalog is read in a job; the project follows the
 * selection.
 */
public final class DataView extends ViewPart {

    public static final String ID = "io.sextant.ui.dataView";
    /** The days of the sparkline, up to the data's last day. */
    static final int DAYS = 30;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    /**
     * A row: an event, a property of an event (or of users), or the "User attributes" group. Rows are equal only
     * to themselves (a row refers to its parent and its children).
     */
    public static final class Row {
        private final String name;
        private final EventSummary event;
        private final PropertySummary property;
        private final Row parent;
        private final List<Row> children;

        Row(String name, EventSummary event, PropertySummary property, Row parent, List<Row> children) {
            this.name = name;
            this.event = event;
            this.property = property;
            this.parent = parent;
            this.children = children;
        }

        public String name() {
            return name;
        }

        public EventSummary event() {
            return event;
        }

        public PropertySummary property() {
            return property;
        }

        public Row parent() {
            return parent;
        }

        public List<Row> children() {
            return children;
        }

        public boolean isEvent() {
            return event != null && property == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TreeViewer viewer;
    private volatile IProject project;
    private List<Row> rows = List.of();
    private Map<String, SortedMap<LocalDate, Long>> daily = Map.of();
    private LocalDate lastDay;
    private long loaded;
    private volatile boolean showsData;
    private volatile boolean reading;
    /**
     * Whether the projects changed while a read ran: that read may have seen a store still being written (the
     * sample project's import), so the view reads again when it ends, or it would show no events until the next
     * change (seen in the product: "0 events" after the sample was created).
     */
    private boolean changedWhileReading;

    private final ISelectionListener selectionListener = (IWorkbenchPart part, org.eclipse.jface.viewers.ISelection selection) -> {
        IResource resource = null;
        if (part != this && selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            resource = Adapters.adapt(structured.getFirstElement(), IResource.class);
        } else if (part instanceof org.eclipse.ui.IEditorPart editor) {
            resource = Adapters.adapt(editor.getEditorInput(), IResource.class); // the project of the file edited
        }
        if (resource != null && resource.getProject() != null && resource.getProject().isOpen()) {
            setProject(resource.getProject());
        }
    };

    /**
     * While the view shows no event data, the first project that gets some is shown (the sample project once
     * it is created, say). Once it shows data it is not read again on changes: reading opens the event store.
     */
    private final org.eclipse.core.resources.IResourceChangeListener projectsChanged = event -> {
        if (showsData) {
            return;
        }
        Display.getDefault().asyncExec(() -> {
            if (viewer == null || viewer.getControl().isDisposed() || showsData) {
                return;
            }
            if (reading) {
                changedWhileReading = true;
                return;
            }
            IProject current = project;
            if (current != null && current.isOpen() && EventDataSource.hasEmbeddedData(folder(current))) {
                reload();
                return;
            }
            for (IProject candidate : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
                if (candidate.isOpen() && EventDataSource.hasEmbeddedData(folder(candidate))) {
                    setProject(candidate);
                    return;
                }
            }
        });
    };

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.BORDER);
        Tree tree = viewer.getTree();
        tree.setHeaderVisible(true);
        tree.setLinesVisible(true);
        // the columns an analyst reads first come first: the view sits in a narrow column beside the editor
        column("Name", 140, DataView::name);
        column("Events", 90, this::volume);
        TreeViewerColumn spark = column("Last " + DAYS + " days", 90, row -> "");
        column("Users / distinct", 100, DataView::usersOrDistinct);
        column("Type", 75, row -> row.isEvent() ? "event" : row.property() != null ? row.property().type().name()
                .toLowerCase(Locale.ROOT) : "");
        column("PII", 80, DataView::pii);
        column("Seen", 180, DataView::seen);
        // the sparkline is drawn in its cell
        int sparkIndex = 2;
        tree.addListener(SWT.MeasureItem, event -> event.height = Math.max(event.height, 18));
        tree.addListener(SWT.PaintItem, event -> {
            if (event.index == sparkIndex && event.item.getData() instanceof Row row && row.isEvent()) {
                paintSparkline(event, row);
            }
        });
        spark.getColumn().setToolTipText("Events per day over the " + DAYS + " days up to the data's last day");
        tree.setToolTipText("Drag an event into the editor to write its name there");
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object element) {
                return ((Row) element).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return ((Row) element).parent();
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((Row) element).children().isEmpty();
            }
        });
        viewer.setInput(rows);
        // dragging an event into the editor drops "event_name" (a property drops its name)
        viewer.addDragSupport(DND.DROP_COPY | DND.DROP_MOVE, new Transfer[] { TextTransfer.getInstance() },
                new DragSourceAdapter() {
                    @Override
                    public void dragStart(DragSourceEvent event) {
                        event.doit = dragText() != null;
                    }

                    @Override
                    public void dragSetData(DragSourceEvent event) {
                        event.data = dragText();
                    }
                });
        getSite().setSelectionProvider(viewer);

        Action refresh = new Action("Refresh") {
            @Override
            public void run() {
                reload();
            }
        };
        refresh.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_TOOL_REDO));
        refresh.setToolTipText("Read the project's event catalog again");
        getViewSite().getActionBars().getToolBarManager().add(refresh);

        getSite().getPage().addPostSelectionListener(selectionListener);
        ResourcesPlugin.getWorkspace().addResourceChangeListener(projectsChanged,
                org.eclipse.core.resources.IResourceChangeEvent.POST_CHANGE);
        IProject first = null;
        for (IProject candidate : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (candidate.isOpen() && EventDataSource.hasEmbeddedData(folder(candidate))) {
                first = candidate;
                break;
            }
        }
        setProject(first);
    }

    private TreeViewerColumn column(String title, int width, java.util.function.Function<Row, String> text) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new org.eclipse.jface.viewers.ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Row) element);
            }
        });
        return column;
    }

    private static Path folder(IProject project) {
        return project.getLocation() == null ? Path.of("") : project.getLocation().toFile().toPath();
    }

    /** Shows the catalog of this project (null: none). */
    public void setProject(IProject newProject) {
        if (newProject != null && newProject.equals(project)) {
            return;
        }
        project = newProject;
        showsData = false;
        reload();
    }

    public IProject project() {
        return project;
    }

    /** Reads the project's catalog and daily volumes in a job, then shows them. */
    public void reload() {
        IProject current = project;
        reading = true;
        setContentDescription(current == null ? "No project" : "Reading the event data of " + current.getName() + "…");
        Job job = Job.create("Reading the event catalog", monitor -> {
            List<Row> read = List.of();
            Map<String, SortedMap<LocalDate, Long>> volumes = Map.of();
            LocalDate last = null;
            String description;
            if (current == null || current.getLocation() == null) {
                description = "No project";
            } else if (!EventDataSource.hasEmbeddedData(folder(current))) {
                description = current.getName() + " has no event data yet: import events (File > Import)";
            } else {
                try {
                    EventDataSource source = EventDataSource.embedded(folder(current));
                    CatalogService catalogs = new CatalogService(source);
                    DataCatalog catalog = catalogs.read();
                    last = SextantProject.lastDataDay(source);
                    volumes = catalogs.dailyVolumes(last, DAYS);
                    read = rows(catalog);
                    description = current.getName() + ": " + count(catalog.eventSummaries().size()) + " events, "
                            + count(catalog.eventSummaries().values().stream().mapToLong(EventSummary::volume).sum())
                            + " in all, to " + DAY.format(last);
                } catch (Exception e) {
                    description = "Cannot read the event data of " + current.getName() + ": " + e.getMessage();
                }
            }
            List<Row> shown = read;
            Map<String, SortedMap<LocalDate, Long>> shownVolumes = volumes;
            LocalDate shownLast = last;
            String shownDescription = description;
            Display.getDefault().asyncExec(() -> {
                reading = false;
                if (current != project || viewer == null || viewer.getControl().isDisposed()) {
                    return;
                }
                rows = shown;
                showsData = !shown.isEmpty();
                daily = shownVolumes;
                lastDay = shownLast;
                viewer.setInput(rows);
                setContentDescription(shownDescription);
                loaded++;
                if (changedWhileReading) {
                    changedWhileReading = false;
                    if (!showsData) {
                        reload();
                    }
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** The rows of a catalog: events by volume (largest first), each with its properties; then user attributes. */
    static List<Row> rows(DataCatalog catalog) {
        List<Row> rows = new ArrayList<>();
        List<EventSummary> events = new ArrayList<>(catalog.eventSummaries().values());
        events.sort(Comparator.comparingLong(EventSummary::volume).reversed().thenComparing(EventSummary::name));
        for (EventSummary event : events) {
            List<Row> children = new ArrayList<>();
            Row row = new Row(event.name(), event, null, null, children);
            for (PropertySummary property : event.properties()) {
                children.add(new Row(property.name(), event, property, row, List.of()));
            }
            rows.add(row);
        }
        if (!catalog.attributeSummaries().isEmpty()) {
            List<Row> children = new ArrayList<>();
            Row users = new Row("User attributes", null, null, null, children);
            for (PropertySummary attribute : catalog.attributeSummaries().values()) {
                children.add(new Row(attribute.name(), null, attribute, users, List.of()));
            }
            rows.add(users);
        }
        return rows;
    }

    private static String name(Row row) {
        return row.name();
    }

    private String volume(Row row) {
        if (row.isEvent()) {
            return count(row.event().volume());
        }
        if (row.property() != null) {
            long of = row.event() != null ? row.event().volume() : 0;
            String share = of > 0 ? " (" + percent(row.property().present(), of) + ")" : "";
            return count(row.property().present()) + share;
        }
        return "";
    }

    private static String usersOrDistinct(Row row) {
        if (row.isEvent()) {
            return count(row.event().users()) + " users";
        }
        return row.property() == null ? "" : count(row.property().cardinality()) + " values";
    }

    private static String pii(Row row) {
        PropertySummary property = row.property();
        if (property == null || !property.pii()) {
            return "";
        }
        return property.piiMark() != null ? "PII (marked)" : "PII";
    }

    private static String seen(Row row) {
        if (!row.isEvent() || row.event().firstSeen() == null || row.event().lastSeen() == null) {
            return "";
        }
        return DAY.format(row.event().firstSeen().atZone(ZoneOffset.UTC)) + " – "
                + DAY.format(row.event().lastSeen().atZone(ZoneOffset.UTC));
    }

    /** Counts as the rest of Sextant writes them: with thousands separators. */
    static String count(long value) {
        return NumberFormat.getIntegerInstance(Locale.US).format(value);
    }

    private static String percent(long part, long whole) {
        double share = 100.0 * part / whole;
        return (share >= 99.95 || share < 0.05 ? String.format(Locale.US, "%.0f", share)
                : String.format(Locale.US, "%.1f", share)) + " %";
    }

    /** The events per day of the sparkline, oldest first (days without events are 0). */
    public long[] sparkline(String event) {
        long[] values = new long[DAYS];
        if (lastDay == null) {
            return values;
        }
        SortedMap<LocalDate, Long> days = daily.getOrDefault(event, new TreeMap<>());
        for (int i = 0; i < DAYS; i++) {
            values[i] = days.getOrDefault(lastDay.minusDays(DAYS - 1L - i), 0L);
        }
        return values;
    }

    private void paintSparkline(Event event, Row row) {
        long[] values = sparkline(row.name());
        long max = 1;
        for (long value : values) {
            max = Math.max(max, value);
        }
        Rectangle cell = ((TreeItem) event.item).getBounds(event.index);
        int x0 = cell.x + 4;
        int width = Math.max(10, cell.width - 8);
        int y0 = cell.y + 3;
        int height = Math.max(6, cell.height - 6);
        int[] points = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            points[2 * i] = x0 + (values.length == 1 ? 0 : i * width / (values.length - 1));
            points[2 * i + 1] = y0 + height - (int) Math.round((double) values[i] * height / max);
        }
        GC gc = event.gc;
        Color before = gc.getForeground();
        gc.setForeground(new Color(0x00, 0x80, 0x80));
        gc.setAntialias(SWT.ON);
        gc.drawPolyline(points);
        gc.setForeground(before);
    }

    /** What a drag of the selection drops into the editor: "event" for an event, a property's name; null else. */
    public String dragText() {
        Object first = viewer.getStructuredSelection().getFirstElement();
        if (!(first instanceof Row row)) {
            return null;
        }
        if (row.isEvent()) {
            return "\"" + row.name() + "\"";
        }
        return row.property() != null ? row.name() : null;
    }

    public TreeViewer viewer() {
        return viewer;
    }

    /** How many times the view has shown a catalog (tests wait for it). */
    public long loaded() {
        return loaded;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(selectionListener);
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(projectsChanged);
        super.dispose();
    }
}
