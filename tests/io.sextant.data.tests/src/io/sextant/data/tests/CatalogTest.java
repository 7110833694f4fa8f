package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.ValueType;

/** The catalog derived from a fixture: events, properties, types, statistics, PII flags and marks. */
class CatalogTest {

    @TempDir
    Path project;

    private EventDataSource source;
    private CatalogService catalogs;

    @BeforeEach
    void importFixture() throws Exception {
        source = EventDataSource.embedded(project);
        catalogs = new CatalogService(source);
        Path events = Sources.write(project, "events.csv", """
                user,event,time,amount,currency,paid,renews_at,contact,client_ip,ref,customer_name,note
                u1,purchase,2025-03-01T10:00:00Z,12.50,USD,true,2025-04-01T10:00:00Z,a@example.com,10.0.0.1,x1,Ann Lee,
                u2,purchase,2025-03-03T09:00:00Z,7,EUR,false,2025-04-03T09:00:00Z,b@example.org,10.0.0.2,x2,Bo Chan,
                u2,purchase,2025-03-04T09:00:00Z,7,EUR,true,,c@example.net,192.168.1.20,x3,Bo Chan,
                u1,page_viewed,2025-03-02T08:00:00Z,,,,,,,,,+49 30 1234567
                u3,page_viewed,2025-03-05T08:00:00Z,,,,,,,,,+1 (555) 123-4567
                """);
        Path users = Sources.write(project, "users.csv", """
                id,signup,plan,email,seats
                u1,2025-02-01T00:00:00Z,pro,u1@example.com,3
                u2,2025-02-02T00:00:00Z,free,u2@example.com,1
                """);
        DataImporter importer = new DataImporter(source);
        importer.importFile(users, ImportMapping.users("id", "signup").build(), new NullProgressMonitor());
        importer.importFile(events, ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());
    }

    @Test
    void eventsPropertiesTypesAndStatistics() throws Exception {
        DataCatalog catalog = catalogs.read();
        assertEquals(Set.of("purchase", "page_viewed"), catalog.events().keySet());
        EventSummary purchase = catalog.eventSummaries().get("purchase");
        assertEquals(3, purchase.volume());
        assertEquals(2, purchase.users());
        assertEquals(Instant.parse("2025-03-01T10:00:00Z"), purchase.firstSeen());
        assertEquals(Instant.parse("2025-03-04T09:00:00Z"), purchase.lastSeen());
        Map<String, ValueType> types = new TreeMap<>();
        purchase.properties().forEach(p -> types.put(p.name(), p.type()));
        assertEquals(Map.of("amount", ValueType.NUMBER, "currency", ValueType.TEXT, "paid", ValueType.BOOLEAN,
                "renews_at", ValueType.TIMESTAMP, "contact", ValueType.TEXT, "client_ip", ValueType.TEXT, "ref",
                ValueType.TEXT, "customer_name", ValueType.TEXT), types, "note is never set on a purchase");
        assertEquals(2, purchase.property("amount").cardinality());
        assertEquals(2, purchase.property("renews_at").present());
        assertEquals(Set.of("note"), catalog.events().get("page_viewed").properties().keySet());
        assertEquals(Map.of("signup_time", ValueType.TIMESTAMP, "plan", ValueType.TEXT, "email", ValueType.TEXT,
                "seats", ValueType.NUMBER), typesOf(catalog.userAttributes()));
    }

    @Test
    void personalDataIsFlaggedByNameAndByValues() throws Exception {
        DataCatalog catalog = catalogs.read();
        EventSummary purchase = catalog.eventSummaries().get("purchase");
        assertPii(purchase.property("contact"), "values look like email addresses");
        assertPii(purchase.property("client_ip"), "the name suggests an IP address");
        assertPii(purchase.property("customer_name"), "the name suggests a person's name");
        assertPii(catalog.eventSummaries().get("page_viewed").property("note"), "values look like phone numbers");
        assertPii(catalog.attributeSummaries().get("email"), "the name suggests an email address");
        for (String plain : new String[] { "amount", "currency", "paid", "renews_at", "ref" }) {
            assertFalse(purchase.property(plain).pii(), plain);
        }
        assertFalse(catalog.attributeSummaries().get("plan").pii());
        EventCatalog asLanguageSeesIt = catalog;
        assertEquals(new CatalogProperty("contact", ValueType.TEXT, true),
                asLanguageSeesIt.event("purchase").orElseThrow().properties().get("contact"));
    }

    @Test
    void theUsersOwnMarksOverrideTheHeuristicsAndSurviveRederivation() throws Exception {
        catalogs.markPii(EventSchema.OWNER_EVENTS, CatalogService.ANY_EVENT, "ref", true);
        catalogs.markPii(EventSchema.OWNER_EVENTS, "purchase", "client_ip", false);
        catalogs.markPii(EventSchema.OWNER_USERS, null, "plan", true);
        DataCatalog rederived = catalogs.derive(new NullProgressMonitor());
        // and after another import, which derives the catalog again
        new DataImporter(source).importFile(Sources.write(project, "more.csv",
                "user,event,time,ref\nu4,signup,2025-03-06T00:00:00Z,x9\n"),
                ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());
        for (DataCatalog catalog : new DataCatalog[] { rederived, catalogs.read() }) {
            PropertySummary ref = catalog.eventSummaries().get("purchase").property("ref");
            assertTrue(ref.pii());
            assertFalse(ref.piiDetected());
            assertEquals(Boolean.TRUE, ref.piiMark());
            PropertySummary ip = catalog.eventSummaries().get("purchase").property("client_ip");
            assertTrue(ip.piiDetected());
            assertFalse(ip.pii(), "the user said it is not personal data");
            assertTrue(catalog.attributeSummaries().get("plan").pii());
        }
        assertTrue(catalogs.read().eventSummaries().get("signup").property("ref").pii(),
                "a mark for every event covers events imported later");
        catalogs.clearPiiMark(EventSchema.OWNER_EVENTS, "purchase", "client_ip");
        assertTrue(catalogs.read().eventSummaries().get("purchase").property("client_ip").pii());
        assertNull(catalogs.read().eventSummaries().get("purchase").property("client_ip").piiMark());
    }

    private static Map<String, ValueType> typesOf(Map<String, CatalogProperty> properties) {
        Map<String, ValueType> types = new TreeMap<>();
        properties.forEach((name, p) -> types.put(name, p.type()));
        return types;
    }

    private static void assertPii(PropertySummary property, String reason) {
        assertTrue(property.pii(), property.name());
        assertTrue(property.piiDetected(), property.name());
        assertEquals(reason, property.piiReason(), property.name());
    }
}
