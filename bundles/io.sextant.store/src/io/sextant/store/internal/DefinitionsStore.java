package io.sextant.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.model.Definition;
import io.sextant.model.DefinitionKind;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.SextantFactory;
import io.sextant.model.VersionStatus;
import io.sextant.store.ConflictException;
import io.sextant.store.Definitions;
import io.sextant.store.DraftRequest;
import io.sextant.store.EditBase;
import io.sextant.store.Identity;
import io.sextant.store.NotFoundException;
import io.sextant.store.RuleViolationException;
import io.sextant.store.StoreException;
import io.sextant.store.VersionRenumbering;

/**
 * Definitions and versions in H2. Writes take turns ({@link Database#write}) and each also locks its
 * definition's row (SELECT ... FOR UPDATE), so each sees the latest committed state when it checks its edit
 * base; every write bumps the version's revision and writes one audit entry, in the same transaction.
 */
public final class DefinitionsStore implements Definitions {

    private static final int MAX_TEXT = 1_000_000;
    private static final String VERSION_COLUMNS = "v.id, v.number, v.revision, v.source_text, v.content_hash,"
            + " v.author, v.created_at, v.changed_at, v.status, v.reviewer, v.change_note";

    private final Database database;
    private final Identity identity;

    public DefinitionsStore(Database database, Identity identity) {
        this.database = database;
        this.identity = identity;
    }

    /** A definition row as the writers see it. */
    private record DefinitionRow(long id, String qualifiedName, DefinitionKind kind) {
    }

    // ------------------------------------------------------------------ writes

    @Override
    public DefinitionVersion recordDraft(DraftRequest request) {
        String name = Texts.required(request.qualifiedName(), "The definition's name");
        if (request.number() < 1) {
            throw new RuleViolationException("version " + request.number() + " of " + name
                    + " is not a version number: versions are numbered from 1");
        }
        if (request.sourceText().isBlank()) {
            throw new StoreException("The text of " + name + " is empty");
        }
        if (request.sourceText().length() > MAX_TEXT) {
            throw new StoreException("The text of " + name + " is " + request.sourceText().length()
                    + " characters long; a definition may have at most " + MAX_TEXT);
        }
        String user = Texts.user(identity);
        String hash = DefinitionText.contentHash(request.sourceText());
        return database.write("record a draft of " + name, connection -> {
            Instant now = Instant.now();
            DefinitionRow definition = lockOrCreate(connection, name, request.kind(), now);
            if (definition.kind() != request.kind()) {
                throw new RuleViolationException(name + " is a " + definition.kind().getLiteral()
                        + " in the repository; a " + request.kind().getLiteral()
                        + " cannot take its name. Give it another name.");
            }
            Optional<DefinitionVersion> latest = latest(connection, definition.id());
            Optional<DefinitionVersion> same = version(connection, definition.id(), request.number());
            if (same.isPresent() && same.get().getContentHash().equals(hash)) {
                return same.get();
            }
            if (request.basedOn() != null) {
                EditBase current = latest.map(head -> new EditBase(head.getNumber(), head.getRevision()))
                        .orElse(EditBase.NEW);
                if (!current.equals(request.basedOn())) {
                    String advice = latest.isEmpty() || latest.get().getStatus() == VersionStatus.DRAFT
                            ? "merge your change into " + current + " and save again."
                            : "version " + current.number() + " is " + latest.get().getStatus().getLiteral()
                                    + ": record your change as version " + (current.number() + 1) + ".";
                    throw new ConflictException(name, request.basedOn(), current,
                            lastActor(connection, definition.id()), advice);
                }
            }
            long versionId;
            if (same.isPresent()) {
                DefinitionVersion draft = same.get();
                if (draft.getStatus() != VersionStatus.DRAFT) {
                    int next = latest.get().getNumber() + 1;
                    throw new RuleViolationException("version " + draft.getNumber() + " of " + name + " is "
                            + draft.getStatus().getLiteral() + " and cannot change: set version " + next
                            + " to record this edit as a new draft");
                }
                updateText(connection, draft.getId(), request.sourceText(), hash, user, now, request.changeNote());
                Audit.write(connection, now, user, subject(name, draft.getNumber()), "edit draft",
                        "revision " + draft.getRevision(), "revision " + (draft.getRevision() + 1),
                        "content " + Texts.shortHash(draft.getContentHash()) + " → " + Texts.shortHash(hash),
                        definition.id());
                versionId = draft.getId();
            } else {
                if (latest.isPresent() && request.number() < latest.get().getNumber()) {
                    int next = latest.get().getNumber() + 1;
                    throw new RuleViolationException("version " + request.number() + " of " + name
                            + " is older than its latest version " + latest.get().getNumber() + ": set version "
                            + next + " to record this edit as a new draft");
                }
                versionId = insertDraft(connection, definition.id(), request.number(), request.sourceText(), hash,
                        user, now, request.changeNote());
                Audit.write(connection, now, user, subject(name, request.number()), "record draft", null,
                        VersionStatus.DRAFT.getLiteral(), request.changeNote(), definition.id());
            }
            countWrite(connection, definition.id());
            return versionById(connection, versionId);
        });
    }

    @Override
    public DefinitionVersion submitForReview(String qualifiedName, int number, String note) {
        return transition(qualifiedName, number, "submit for review", "submitted for review", VersionStatus.DRAFT,
                VersionStatus.IN_REVIEW, note, false);
    }

    @Override
    public DefinitionVersion approveAndPublish(String qualifiedName, int number, String note) {
        return transition(qualifiedName, number, "approve and publish", "published", VersionStatus.IN_REVIEW,
                VersionStatus.PUBLISHED, note, true);
    }

    @Override
    public DefinitionVersion reject(String qualifiedName, int number, String reason) {
        Texts.required(reason, "The reason for sending " + qualifiedName + " v" + number + " back");
        return transition(qualifiedName, number, "reject", "sent back to draft", VersionStatus.IN_REVIEW,
                VersionStatus.DRAFT, reason, true);
    }

    @Override
    public DefinitionVersion retire(String qualifiedName, int number, String note) {
        return transition(qualifiedName, number, "retire", "retired", VersionStatus.PUBLISHED, VersionStatus.RETIRED,
                note, false);
    }

    /**
     * Moves a version from one status to the next.
     *
     * @param review whether this is a reviewer's decision: the reviewer is recorded and must not be the author
     */
    private DefinitionVersion transition(String qualifiedName, int number, String action, String done,
            VersionStatus from, VersionStatus to, String note, boolean review) {
        String user = Texts.user(identity);
        return database.write(action + " " + qualifiedName + " v" + number, connection -> {
            DefinitionRow definition = lock(connection, qualifiedName);
            DefinitionVersion version = version(connection, definition.id(), number)
                    .orElseThrow(() -> missingVersion(qualifiedName, number));
            if (version.getStatus() != from) {
                throw new RuleViolationException(qualifiedName + " v" + number + " is "
                        + version.getStatus().getLiteral() + ": only " + describe(from) + " can be "
                        + done);
            }
            if (review && wroteText(connection, definition.id(), qualifiedName, number, user)) {
                throw new RuleViolationException(qualifiedName + " v" + number + " was written by " + user
                        + ": a version must be reviewed by someone other than its authors");
            }
            Instant now = Instant.now();
            try (PreparedStatement update = connection.prepareStatement("UPDATE definition_versions SET status = ?,"
                    + " revision = revision + 1, changed_at = ?, reviewer = CASE WHEN ? THEN ? ELSE reviewer END,"
                    + " change_note = COALESCE(?, change_note) WHERE id = ?")) {
                update.setString(1, to.getLiteral());
                update.setObject(2, Database.timestamp(now));
                update.setBoolean(3, review);
                update.setString(4, user);
                update.setString(5, note == null || note.isBlank() ? null : Texts.clip(note.strip(), 4000));
                update.setLong(6, version.getId());
                update.executeUpdate();
            }
            Audit.write(connection, now, user, subject(qualifiedName, number), action, from.getLiteral(),
                    to.getLiteral(), note, definition.id());
            countWrite(connection, definition.id());
            return versionById(connection, version.getId());
        });
    }

    @Override
    public DefinitionVersion revert(String qualifiedName, int toNumber, VersionRenumbering renumbering, String note) {
        String user = Texts.user(identity);
        return database.write("revert " + qualifiedName + " to v" + toNumber, connection -> {
            DefinitionRow definition = lock(connection, qualifiedName);
            DefinitionVersion source = version(connection, definition.id(), toNumber)
                    .orElseThrow(() -> missingVersion(qualifiedName, toNumber));
            int number = latest(connection, definition.id()).orElseThrow().getNumber() + 1;
            String text = renumbering.withNumber(source.getSourceText(), number);
            String hash = DefinitionText.contentHash(text);
            Instant now = Instant.now();
            String why = "the text of version " + toNumber + (note == null || note.isBlank() ? "" : ": " + note.strip());
            long id = insertDraft(connection, definition.id(), number, text, hash, user, now, why);
            Audit.write(connection, now, user, subject(qualifiedName, number), "revert", null,
                    VersionStatus.DRAFT.getLiteral(), why, definition.id());
            countWrite(connection, definition.id());
            return versionById(connection, id);
        });
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Definition> history(String qualifiedName) {
        return database.read("read the history of " + qualifiedName, connection -> {
            Optional<Definition> found = definition(connection, qualifiedName);
            if (found.isPresent()) {
                try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
                        + " FROM definition_versions v WHERE v.definition_id = ? ORDER BY v.number")) {
                    query.setLong(1, found.get().getId());
                    found.get().getVersions().addAll(versions(query));
                }
            }
            return found;
        });
    }

    @Override
    public Optional<DefinitionVersion> version(String qualifiedName, int number) {
        return database.read("read " + qualifiedName + " v" + number, connection -> {
            Optional<Definition> definition = definition(connection, qualifiedName);
            if (definition.isEmpty()) {
                return Optional.empty();
            }
            Optional<DefinitionVersion> version = version(connection, definition.get().getId(), number);
            version.ifPresent(definition.get().getVersions()::add);
            return version;
        });
    }

    @Override
    public Optional<DefinitionVersion> latest(String qualifiedName) {
        return database.read("read the latest version of " + qualifiedName, connection -> {
            Optional<Definition> definition = definition(connection, qualifiedName);
            if (definition.isEmpty()) {
                return Optional.empty();
            }
            Optional<DefinitionVersion> version = latest(connection, definition.get().getId());
            version.ifPresent(definition.get().getVersions()::add);
            return version;
        });
    }

    @Override
    public List<String> names() {
        return database.read("list the definitions", connection -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT qualified_name FROM definitions ORDER BY qualified_name");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    /** Published and retired versions: the ones whose text may never change again (for the language). */
    public List<DefinitionVersion> frozenPublished(String qualifiedName) {
        return database.read("read the published versions of " + qualifiedName, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
                    + " FROM definition_versions v JOIN definitions d ON d.id = v.definition_id"
                    + " WHERE d.qualified_name = ? AND v.status IN ('published', 'retired') ORDER BY v.number")) {
                query.setString(1, qualifiedName);
                return versions(query);
            }
        });
    }

    @Override
    public String diff(String qualifiedName, int fromNumber, int toNumber) {
        DefinitionVersion from = version(qualifiedName, fromNumber)
                .orElseThrow(() -> missingVersion(qualifiedName, fromNumber));
        DefinitionVersion to = version(qualifiedName, toNumber).orElseThrow(() -> missingVersion(qualifiedName, toNumber));
        List<String> before = from.getSourceText().lines().toList();
        List<String> after = to.getSourceText().lines().toList();
        Patch<String> patch = DiffUtils.diff(before, after);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(qualifiedName + " v" + fromNumber,
                qualifiedName + " v" + toNumber, before, patch, 3);
        return String.join("\n", lines) + "\n";
    }

    // ------------------------------------------------------------------ SQL

    private static DefinitionRow lockOrCreate(Connection connection, String name, DefinitionKind kind, Instant now)
            throws SQLException {
        Optional<DefinitionRow> existing = lockIfPresent(connection, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO definitions (qualified_name, kind, created_at) VALUES (?, ?, ?)",
                new String[] { "id" })) {
            insert.setString(1, name);
            insert.setString(2, kind.getLiteral());
            insert.setObject(3, Database.timestamp(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new DefinitionRow(keys.getLong(1), name, kind);
            }
        }
    }

    private static DefinitionRow lock(Connection connection, String name) throws SQLException {
        return lockIfPresent(connection, name)
                .orElseThrow(() -> new NotFoundException("There is no definition " + name + " in the repository"));
    }

    private static Optional<DefinitionRow> lockIfPresent(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, kind FROM definitions WHERE qualified_name = ? FOR UPDATE")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next()
                        ? Optional.of(new DefinitionRow(rows.getLong(1), name, DefinitionKind.get(rows.getString(2))))
                        : Optional.empty();
            }
        }
    }

    /** Who made the latest change to the definition (text or status), from the audit log. */
    private static String lastActor(Connection connection, long definitionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT actor FROM audit_log WHERE definition_id = ? ORDER BY id DESC LIMIT 1")) {
            query.setLong(1, definitionId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "nobody";
            }
        }
    }

    /** Whether the user wrote any of the version's text (recorded, edited or reverted it); names ignore case. */
    private static boolean wroteText(Connection connection, long definitionId, String qualifiedName, int number,
            String user) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM audit_log"
                + " WHERE definition_id = ? AND subject = ? AND action IN ('record draft', 'edit draft', 'revert')"
                + " AND LOWER(actor) = LOWER(?)")) {
            query.setLong(1, definitionId);
            query.setString(2, subject(qualifiedName, number));
            query.setString(3, user);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    private static void countWrite(Connection connection, long definitionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE definitions SET write_count = write_count + 1 WHERE id = ?")) {
            update.setLong(1, definitionId);
            update.executeUpdate();
        }
    }

    private static long insertDraft(Connection connection, long definitionId, int number, String text, String hash,
            String user, Instant now, String note) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO definition_versions"
                + " (definition_id, number, revision, source_text, content_hash, author, created_at, changed_at,"
                + " status, change_note) VALUES (?, ?, 1, ?, ?, ?, ?, ?, 'draft', ?)", new String[] { "id" })) {
            insert.setLong(1, definitionId);
            insert.setInt(2, number);
            insert.setString(3, text);
            insert.setString(4, hash);
            insert.setString(5, user);
            insert.setObject(6, Database.timestamp(now));
            insert.setObject(7, Database.timestamp(now));
            insert.setString(8, note == null || note.isBlank() ? null : Texts.clip(note.strip(), 4000));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void updateText(Connection connection, long versionId, String text, String hash, String user,
            Instant now, String note) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE definition_versions SET source_text = ?,"
                + " content_hash = ?, author = ?, changed_at = ?, revision = revision + 1,"
                + " change_note = COALESCE(?, change_note) WHERE id = ?")) {
            update.setString(1, text);
            update.setString(2, hash);
            update.setString(3, user);
            update.setObject(4, Database.timestamp(now));
            update.setString(5, note == null || note.isBlank() ? null : Texts.clip(note.strip(), 4000));
            update.setLong(6, versionId);
            update.executeUpdate();
        }
    }

    private static Optional<Definition> definition(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, kind, created_at FROM definitions WHERE qualified_name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Definition definition = SextantFactory.eINSTANCE.createDefinition();
                definition.setId(rows.getLong(1));
                definition.setQualifiedName(name);
                definition.setKind(DefinitionKind.get(rows.getString(2)));
                definition.setCreatedAt(Database.instant(rows.getObject(3)));
                return Optional.of(definition);
            }
        }
    }

    private static Optional<DefinitionVersion> latest(Connection connection, long definitionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
                + " FROM definition_versions v WHERE v.definition_id = ? ORDER BY v.number DESC LIMIT 1")) {
            query.setLong(1, definitionId);
            return versions(query).stream().findFirst();
        }
    }

    private static Optional<DefinitionVersion> version(Connection connection, long definitionId, int number)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
                + " FROM definition_versions v WHERE v.definition_id = ? AND v.number = ?")) {
            query.setLong(1, definitionId);
            query.setInt(2, number);
            return versions(query).stream().findFirst();
        }
    }

    /** The version with its definition (for callers that need the name). */
    private static DefinitionVersion versionById(Connection connection, long versionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
                + ", d.id AS definition_id, d.qualified_name, d.kind, d.created_at AS definition_created_at"
                + " FROM definition_versions v JOIN definitions d ON d.id = v.definition_id WHERE v.id = ?")) {
            query.setLong(1, versionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                Definition definition = SextantFactory.eINSTANCE.createDefinition();
                definition.setId(rows.getLong("definition_id"));
                definition.setQualifiedName(rows.getString("qualified_name"));
                definition.setKind(DefinitionKind.get(rows.getString("kind")));
                definition.setCreatedAt(Database.instant(rows.getObject("definition_created_at")));
                DefinitionVersion version = version(rows);
                definition.getVersions().add(version);
                return version;
            }
        }
    }

    private static List<DefinitionVersion> versions(PreparedStatement query) throws SQLException {
        List<DefinitionVersion> versions = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                versions.add(version(rows));
            }
        }
        return versions;
    }

    /** The version on the result set's current row (the {@link #VERSION_COLUMNS}). */
    private static DefinitionVersion version(ResultSet rows) throws SQLException {
        DefinitionVersion version = SextantFactory.eINSTANCE.createDefinitionVersion();
        version.setId(rows.getLong("id"));
        version.setNumber(rows.getInt("number"));
        version.setRevision(rows.getInt("revision"));
        version.setSourceText(rows.getString("source_text"));
        version.setContentHash(rows.getString("content_hash").trim());
        version.setAuthor(rows.getString("author"));
        version.setCreatedAt(Database.instant(rows.getObject("created_at")));
        version.setChangedAt(Database.instant(rows.getObject("changed_at")));
        version.setStatus(VersionStatus.get(rows.getString("status")));
        version.setReviewer(rows.getString("reviewer"));
        version.setChangeNote(rows.getString("change_note"));
        return version;
    }

    private static String describe(VersionStatus status) {
        return switch (status) {
            case DRAFT -> "a draft";
            case IN_REVIEW -> "a version in review";
            case PUBLISHED -> "a published version";
            case RETIRED -> "a retired version";
        };
    }

    static String subject(String qualifiedName, int number) {
        return qualifiedName + " v" + number;
    }

    private static NotFoundException missingVersion(String qualifiedName, int number) {
        return new NotFoundException("There is no version " + number + " of " + qualifiedName + " in the repository");
    }
}
