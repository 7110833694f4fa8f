package io.sextant.data.sources;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.dsl.context.ValueType;

/**
 * The catalog of a Trino source, kept in the project ({@code .sextant/trino-catalog.json}) with the time it was
 * derived and the settings it was derived for: deriving it scans the events table on the cluster, so validation
 * reads the kept one, and {@code sextant catalog --refresh} (or changed settings) derives it again.
 */
public final class TrinoCatalogCache {

    public static final String FILE = "trino-catalog.json";
    private static final JsonFactory JSON = new JsonFactory();

    private TrinoCatalogCache() {
    }

    public static Path file(Path projectFolder) {
        return projectFolder.resolve(EventDataSource.PROJECT_FOLDER).resolve(FILE);
    }

    /** The kept catalog, if it was derived for these settings; empty when there is none or it is unreadable. */
    public static Optional<DataCatalog> read(Path projectFolder, TrinoSettings settings) {
        Path file = file(projectFolder);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(file.toFile())) {
            String key = null;
            Instant derived = null;
            List<EventSummary> events = new ArrayList<>();
            List<PropertySummary> attributes = new ArrayList<>();
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "settings" -> key = p.getText();
                    case "derivedAt" -> derived = Instant.parse(p.getText());
                    case "events" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            events.add(event(p));
                        }
                    }
                    case "attributes" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            attributes.add(property(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!settings.asProperties().toString().equals(key) || derived == null) {
                return Optional.empty(); // derived for other settings
            }
            return Optional.of(new DataCatalog(events, attributes, derived));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // derived again
        }
    }

    /** Keeps the catalog (written to a temporary file and moved into place). */
    public static void write(Path projectFolder, TrinoSettings settings, DataCatalog catalog) throws IOException {
        Path file = file(projectFolder);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("settings", settings.asProperties().toString());
            g.writeStringField("derivedAt", catalog.derivedAt().toString());
            g.writeArrayFieldStart("events");
            for (EventSummary event : catalog.eventSummaries().values()) {
                g.writeStartObject();
                g.writeStringField("name", event.name());
                g.writeNumberField("volume", event.volume());
                g.writeNumberField("users", event.users());
                g.writeStringField("firstSeen", event.firstSeen() == null ? null : event.firstSeen().toString());
                g.writeStringField("lastSeen", event.lastSeen() == null ? null : event.lastSeen().toString());
                g.writeArrayFieldStart("properties");
                for (PropertySummary property : event.properties()) {
                    write(g, property);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("attributes");
            for (PropertySummary attribute : catalog.attributeSummaries().values()) {
                write(g, attribute);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets the kept catalog. */
    public static void clear(Path projectFolder) throws IOException {
        Files.deleteIfExists(file(projectFolder));
    }

    private static void write(JsonGenerator g, PropertySummary p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("type", p.type().name());
        g.writeNumberField("present", p.present());
        g.writeNumberField("cardinality", p.cardinality());
        g.writeBooleanField("piiDetected", p.piiDetected());
        g.writeStringField("piiReason", p.piiReason());
        g.writeEndObject();
    }

    private static EventSummary event(JsonParser p) throws IOException {
        String name = null;
        long volume = 0;
        long users = 0;
        Instant first = null;
        Instant last = null;
        List<PropertySummary> properties = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = p.getText();
                case "volume" -> volume = p.getLongValue();
                case "users" -> users = p.getLongValue();
                case "firstSeen" -> first = value == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
                case "lastSeen" -> last = value == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
                case "properties" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        properties.add(property(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new EventSummary(name, volume, users, first, last, properties);
    }

    private static PropertySummary property(JsonParser p) throws IOException {
        String name = null;
        ValueType type = null;
        long present = 0;
        long cardinality = 0;
        boolean pii = false;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = p.getText();
                case "type" -> type = ValueType.valueOf(p.getText());
                case "present" -> present = p.getLongValue();
                case "cardinality" -> cardinality = p.getLongValue();
                case "piiDetected" -> pii = p.getBooleanValue();
                case "piiReason" -> reason = value == JsonToken.VALUE_NULL ? null : p.getText();
                default -> p.skipChildren();
            }
        }
        return new PropertySummary(name, type, present, cardinality, pii, reason, null);
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("expected " + expected + ", found " + token);
        }
    }
}
