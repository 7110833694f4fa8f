package io.sextant.data.quality;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.data.quality.Finding.Check;
import io.sextant.data.quality.Finding.Severity;
import io.sextant.dsl.context.ValueType;

/**
 * Runs the quality checks on a data source: null values, out-of-range numbers, timestamps in the future or
 * before the launch, events of unknown users, the duplicate rate of the imports, and anomalies in each
 * event's daily volume.
 */
public final class QualityChecker {

    private final EventDataSource source;
    private final java.time.Clock clock;

    public QualityChecker(EventDataSource source) {
        this(source, java.time.Clock.systemUTC());
    }

    /** With a clock, so tests decide what "now" is. */
    public QualityChecker(EventDataSource source, java.time.Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    public QualityReport check(QualitySettings settings, IProgressMonitor monitor) throws SQLException {
        SubMonitor progress = SubMonitor.convert(monitor, "Checking the quality of the event data", 6);
        CatalogService catalogs = new CatalogService(source);
        DataCatalog catalog = catalogs.read();
        if (catalog.derivedAt() == null) {
            catalog = catalogs.derive(progress.split(1));
        } else {
            progress.worked(1);
        }
        List<Finding> findings = new ArrayList<>();
        List<VolumeAnomaly> anomalies;
        long events;
        try (Connection connection = source.open()) {
            events = single(connection, "SELECT COUNT(*) FROM events");
            nulls(catalog, findings);
            progress.worked(1);
            outOfRange(connection, settings, findings);
            progress.worked(1);
            timestamps(connection, settings, findings);
            unknownUsers(connection, findings);
            duplicates(connection, findings);
            progress.worked(1);
            anomalies = anomalies(connection, settings, findings);
            progress.worked(1);
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::check)
                .thenComparing(Finding::subject));
        progress.worked(1);
        return new QualityReport(clock.instant(), events, findings, anomalies);
    }

    /** A property missing from some events of a type that mostly has it is likely a tracking defect. */
    private void nulls(DataCatalog catalog, List<Finding> findings) {
        for (EventSummary event : catalog.eventSummaries().values()) {
            for (PropertySummary property : event.properties()) {
                long missing = event.volume() - property.present();
                if (missing > 0) {
                    double share = (double) missing / event.volume();
                    findings.add(new Finding(Check.NULL_VALUES, share < 0.5 ? Severity.WARNING : Severity.INFO,
                            event.name() + "." + property.name(), missing, String.format(Locale.ROOT,
                                    "null in %,d of %,d events (%.1f%%)", missing, event.volume(), 100 * share)));
                }
            }
        }
    }

    private void outOfRange(Connection connection, QualitySettings settings, List<Finding> findings)
            throws SQLException {
        for (PropertyColumns.Column column : PropertyColumns.load(connection, EventSchema.OWNER_EVENTS).values()) {
            if (column.type() != ValueType.NUMBER) {
                continue;
            }
            String name = source.dialect().quote(column.columnName());
            QualitySettings.Range range = settings.ranges().get(column.property());
            try (PreparedStatement query = connection.prepareStatement("SELECT event_name, COUNT(" + name + "),"
                    + " SUM(CASE WHEN " + name + " < 0 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN " + name + " < ? OR " + name + " > ? THEN 1 ELSE 0 END), MIN(" + name + "), MAX("
                    + name + ") FROM events WHERE " + name + " IS NOT NULL GROUP BY event_name ORDER BY event_name")) {
                query.setBigDecimal(1, range == null || range.min() == null ? null : range.min());
                query.setBigDecimal(2, range == null || range.max() == null ? null : range.max());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String subject = rows.getString(1) + "." + column.property();
                        long present = rows.getLong(2);
                        long negative = rows.getLong(3);
                        long outside = rows.getLong(4);
                        if (range != null && outside > 0) {
                            findings.add(new Finding(Check.OUT_OF_RANGE, Severity.ERROR, subject, outside,
                                    String.format(Locale.ROOT, "%,d values outside [%s, %s] (min %s, max %s)", outside,
                                            text(range.min()), text(range.max()), rows.getBigDecimal(5),
                                            rows.getBigDecimal(6))));
                        } else if (range == null && negative > 0 && negative * 20 <= present) {
                            findings.add(new Finding(Check.OUT_OF_RANGE, Severity.WARNING, subject, negative,
                                    String.format(Locale.ROOT, "%,d negative values where %,d of %,d are not negative"
                                            + " (min %s)", negative, present - negative, present, rows.getBigDecimal(5))));
                        }
                    }
                }
            }
        }
    }

    private static String text(BigDecimal value) {
        return value == null ? "…" : value.toPlainString();
    }

    private void timestamps(Connection connection, QualitySettings settings, List<Finding> findings)
            throws SQLException {
        LocalDateTime latest = LocalDateTime.ofInstant(clock.instant().plus(settings.futureTolerance()), java.time.ZoneOffset.UTC);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*), MIN(event_time), MAX(event_time) FROM events WHERE event_time > ?")) {
            query.setObject(1, latest);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    findings.add(new Finding(Check.FUTURE_TIMESTAMPS, Severity.ERROR, "events", rows.getLong(1),
                            String.format(Locale.ROOT, "%,d events are dated after now (%s to %s)", rows.getLong(1),
                                    rows.getObject(2), rows.getObject(3))));
                }
            }
        }
        if (settings.productLaunch() != null) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT COUNT(*), MIN(event_time), MAX(event_time) FROM events WHERE event_time < ?")) {
                query.setObject(1, settings.productLaunch().atStartOfDay());
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        findings.add(new Finding(Check.BEFORE_LAUNCH, Severity.ERROR, "events", rows.getLong(1),
                                String.format(Locale.ROOT, "%,d events are dated before the launch on %s (%s to %s)",
                                        rows.getLong(1), settings.productLaunch(), rows.getObject(2), rows.getObject(3))));
                    }
                }
            }
        }
    }

    private void unknownUsers(Connection connection, List<Finding> findings) throws SQLException {
        if (single(connection, "SELECT COUNT(*) FROM users") == 0) {
            return; // without a users table every user is "unknown"; that says nothing
        }
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT e.user_id) FROM events e WHERE NOT EXISTS"
                        + " (SELECT 1 FROM users u WHERE u.user_id = e.user_id)")) {
            rows.next();
            if (rows.getLong(1) > 0) {
                findings.add(new Finding(Check.UNKNOWN_USERS, Severity.WARNING, "events", rows.getLong(1),
                        String.format(Locale.ROOT, "%,d events of %,d users who are not in the users table",
                                rows.getLong(1), rows.getLong(2))));
            }
        }
    }

    private void duplicates(Connection connection, List<Finding> findings) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT file_name, rows_read, duplicates FROM imports WHERE kind = 'EVENTS' ORDER BY import_id")) {
            while (rows.next()) {
                long read = rows.getLong(2);
                long duplicates = rows.getLong(3);
                if (duplicates > 0) {
                    double rate = (double) duplicates / read;
                    findings.add(new Finding(Check.DUPLICATES, rate > 0.01 ? Severity.WARNING : Severity.INFO,
                            rows.getString(1), duplicates, String.format(Locale.ROOT,
                                    "%,d of %,d rows were duplicates (%.2f%%) and were dropped", duplicates, read,
                                    100 * rate)));
                }
            }
        }
    }

    private List<VolumeAnomaly> anomalies(Connection connection, QualitySettings settings, List<Finding> findings)
            throws SQLException {
        Map<String, NavigableMap<LocalDate, Long>> daily = new TreeMap<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement query = connection.prepareStatement("SELECT event_name, CAST(event_time AS DATE) d,"
                + " COUNT(*) FROM events WHERE event_time >= ? AND event_time < ? GROUP BY event_name, d")) {
            // days before the launch or after today are wrong timestamps, reported above, not volume
            LocalDate from = settings.productLaunch() != null ? settings.productLaunch() : LocalDate.of(1970, 1, 1);
            query.setObject(1, from.atStartOfDay());
            query.setObject(2, today.plusDays(1).atStartOfDay());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    daily.computeIfAbsent(rows.getString(1), e -> new TreeMap<>())
                            .put(rows.getObject(2, LocalDate.class), rows.getLong(3));
                }
            }
        }
        List<VolumeAnomaly> anomalies = new ArrayList<>();
        daily.forEach((event, counts) -> anomalies.addAll(settings.anomalies().detect(event, counts)));
        for (VolumeAnomaly anomaly : anomalies) {
            findings.add(new Finding(Check.VOLUME_ANOMALY, Severity.WARNING, anomaly.event(), anomaly.count(),
                    String.format(Locale.ROOT, "%s on %s (%s): %,d events where the same weekday usually has %,.0f"
                            + " (%.2fx, robust z %.1f)", anomaly.jump() > 1 ? "spike" : "drop", anomaly.day(),
                            anomaly.day().getDayOfWeek().toString().toLowerCase(Locale.ROOT), anomaly.count(),
                            anomaly.expected(), anomaly.jump(), anomaly.score())));
        }
        return anomalies;
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static Instant instant(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }
}
