package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;

/**
 * Who the users of an analysis are depends on whether the source's users table has rows (the engine reads
 * that with the data layout, as a run opens): with rows, only the users it lists; without any, every user id
 * with an event before T. An engine keeps the layout it read for a few seconds, but an import into the source
 * in the same process is seen by its next run.
 */
class UsersTableTest {

    static final String FILE = """
            segment Buyers { owner "t" where did "purchase" }
            """;

    @TempDir
    Path folder;

    @Test
    void withUsersOnlyListedUsersAreMembers() throws Exception {
        EventFixture fixture = EventFixture.generate(11, 40);
        EventDataSource source = EventDataSource.embedded(folder.resolve("with-users"));
        fixture.load(source);
        Set<String> members = buyers(source);
        assertEquals(buyersBeforeT(fixture, true), members);
        assertFalse(members.contains("ghost"), "the users table does not list ghost");
    }

    @Test
    void withoutUsersEveryUserWithEventsIsAUser() throws Exception {
        EventFixture fixture = EventFixture.generate(11, 40);
        EventDataSource source = EventDataSource.embedded(folder.resolve("events-only"));
        fixture.load(source);
        try (Connection connection = source.open(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM users");
        }
        Set<String> members = buyers(source);
        assertEquals(buyersBeforeT(fixture, false), members);
        assertTrue(members.contains("ghost"), "without a users table, ghost's purchase makes ghost a user: " + members);
    }

    @Test
    void anImportOfUsersIsSeenByTheSameEnginesNextRun() throws Exception {
        EventDataSource source = EventDataSource.embedded(folder.resolve("users-later"));
        Path events = java.nio.file.Files.writeString(folder.resolve("events.csv"),
                "user,event,time\nu1,purchase,2026-03-02T10:00:00Z\nghost,purchase,2026-03-03T10:00:00Z\n");
        Path users = java.nio.file.Files.writeString(folder.resolve("users.csv"),
                "user,signup\nu1,2026-03-01T09:00:00Z\n");
        DataImporter importer = new DataImporter(source).deriveCatalog(false);
        importer.importFile(events, ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());
        Engine engine = Engine.on(source);
        assertEquals(Set.of("u1", "ghost"), buyers(engine), "without users, everyone with an event is a user");

        importer.importFile(users, ImportMapping.users("user", "signup").build(), new NullProgressMonitor());

        assertEquals(Set.of("u1"), buyers(engine), "the users table now lists the users");
    }

    private static Set<String> buyers(Engine engine) throws Exception {
        Definitions definitions = Definitions.parse("users.seg", FILE);
        try (EngineRun run = engine.open(EventFixture.AS_OF)) {
            return new TreeSet<>(run.members(definitions.segment("Buyers"), new NullProgressMonitor()));
        }
    }

    private static Set<String> buyers(EventDataSource source) throws Exception {
        Definitions definitions = Definitions.parse("users.seg", FILE);
        try (EngineRun run = Engine.on(source).open(EventFixture.AS_OF)) {
            return new TreeSet<>(run.members(definitions.segment("Buyers"), new NullProgressMonitor()));
        }
    }

    /** Users with a purchase before T: of the users table's users (and signed up before T), or of anyone. */
    private static Set<String> buyersBeforeT(EventFixture fixture, boolean usersTable) {
        Set<String> listed = new TreeSet<>();
        fixture.users.stream().filter(u -> u.signup() == null || u.signup().isBefore(EventFixture.T))
                .forEach(u -> listed.add(u.id()));
        Set<String> buyers = new TreeSet<>();
        for (EventFixture.Event event : fixture.events) {
            if (event.name().equals("purchase") && event.time().isBefore(EventFixture.T)
                    && (!usersTable || listed.contains(event.user()))) {
                buyers.add(event.user());
            }
        }
        return buyers;
    }
}
