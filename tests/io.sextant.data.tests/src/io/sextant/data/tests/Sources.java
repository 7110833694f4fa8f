package io.sextant.data.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.sextant.data.EventDataSource;

/** Helpers for tests: fixture files and queries on a data source. */
final class Sources {

    private Sources() {
    }

    static Path write(Path folder, String name, String text) throws java.io.IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static long count(EventDataSource source, String sql) throws SQLException {
        try (Connection connection = source.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every row of the query as text, columns joined by '|', in the query's order. */
    static List<String> rows(EventDataSource source, String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection connection = source.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(text(rows.getObject(i)));
                }
                result.add(row.toString());
            }
        }
        return result;
    }

    /**
     * A value as H2 writes it, whatever engine read it: numbers without trailing zeros, booleans in capitals,
     * times as "2025-03-01 10:05:00.25" (no fraction when it is zero); so one expectation holds on every engine.
     */
    static String text(Object value) {
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean bool) {
            return bool ? "TRUE" : "FALSE";
        }
        java.time.LocalDateTime time = value instanceof java.sql.Timestamp stamp ? stamp.toLocalDateTime()
                : value instanceof java.time.LocalDateTime local ? local : null;
        if (time != null) {
            String text = time.toLocalDate() + " " + String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(),
                    time.getSecond());
            if (time.getNano() > 0) {
                text += ("." + String.format("%09d", time.getNano())).replaceAll("0+$", "");
            }
            return text;
        }
        return value == null ? null : value.toString();
    }
}
