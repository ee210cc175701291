package store

// migrations are the steps that bring an index from one schema version to the
// next: migrations[0] takes an empty database to version 1, migrations[1]
// would take version 1 to 2, and so on. PRAGMA user_version records how many
// steps a database has had. A step is never edited once released; a change is
// a new step appended here.
var migrations = []string{
	// 1: files, submissions, their findings and figures.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- One row per archived file. seq is the receive order (1-based, gapless over
-- committed rows); received_at is UTC, RFC 3339 with nanoseconds.
CREATE TABLE files (
	sha256      TEXT PRIMARY KEY,
	name        TEXT NOT NULL,  -- the base name the file came with
	stored      TEXT NOT NULL,  -- its name under files/<sha256>/
	size        INTEGER NOT NULL,
	received_at TEXT NOT NULL,
	seq         INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE submissions (
	id            INTEGER PRIMARY KEY,
	sha256        TEXT NOT NULL REFERENCES files(sha256),
	form          TEXT NOT NULL,
	form_version  TEXT NOT NULL,
	unit          TEXT NOT NULL,
	period        TEXT NOT NULL,
	valid         INTEGER NOT NULL CHECK (valid IN (0, 1)),
	superseded_by INTEGER REFERENCES submissions(id),
	received_at   TEXT NOT NULL
) STRICT;
-- A unique index rather than a column constraint, so that a later step may
-- drop it if a file is ever checked more than once.
CREATE UNIQUE INDEX submissions_sha256 ON submissions(sha256);
CREATE INDEX submissions_key ON submissions(form, unit, period);
CREATE INDEX submissions_period ON submissions(period);
CREATE INDEX submissions_superseded_by ON submissions(superseded_by);

-- ord keeps the order the caller gave (0-based).
CREATE TABLE findings (
	submission_id INTEGER NOT NULL REFERENCES submissions(id),
	ord           INTEGER NOT NULL,
	severity      TEXT NOT NULL,
	code          TEXT NOT NULL,
	sheet         TEXT NOT NULL,
	cell          TEXT NOT NULL,
	indicator     TEXT NOT NULL,
	col           TEXT NOT NULL,
	value         TEXT NOT NULL,
	message_vi    TEXT NOT NULL,
	message_en    TEXT NOT NULL,
	PRIMARY KEY (submission_id, ord)
) STRICT, WITHOUT ROWID;

-- value is the exact decimal as the caller gave it, never a float.
CREATE TABLE figures (
	submission_id INTEGER NOT NULL REFERENCES submissions(id),
	ord           INTEGER NOT NULL,
	indicator     TEXT NOT NULL,
	col           TEXT NOT NULL,
	value         TEXT NOT NULL,
	status        TEXT NOT NULL,
	note          TEXT NOT NULL,
	sheet         TEXT NOT NULL,
	cell          TEXT NOT NULL,
	PRIMARY KEY (submission_id, ord)
) STRICT, WITHOUT ROWID;
`,
	// 2: the web service's upload links, which link brought which file, and the audit log.
	`
-- One secret upload link per reporting unit. Only the SHA-256 of the token is
-- kept: the token is shown once, when made, and a stolen index opens nothing.
CREATE TABLE links (
	unit         TEXT PRIMARY KEY,
	token_sha256 TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL
) STRICT;

-- One row per upload through a unit's link, whatever the file turned out to
-- be (unreadable files carry no unit of their own). Not a foreign key: the row
-- is written after the receipt's own transaction, and a rebuild empties files.
CREATE TABLE uploads (
	id          INTEGER PRIMARY KEY,
	sha256      TEXT NOT NULL,
	unit        TEXT NOT NULL,  -- the unit whose link was used
	name        TEXT NOT NULL,  -- the file name the browser gave
	new         INTEGER NOT NULL CHECK (new IN (0, 1)), -- its bytes were new: its check is the one recorded
	uploaded_at TEXT NOT NULL
) STRICT;
CREATE INDEX uploads_unit ON uploads(unit);
CREATE INDEX uploads_sha256 ON uploads(sha256);

-- Who did what, when, from where. at is UTC, RFC 3339 with nanoseconds; actor
-- is "office", "unit:CODE", "cli" or "anonymous"; remote is the peer address
-- and forwarded the X-Forwarded-For header as a proxy gave it.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	detail    TEXT NOT NULL,
	remote    TEXT NOT NULL,
	forwarded TEXT NOT NULL
) STRICT;
`, // 3: who brought a file, and files refused for their sender.
	`
-- sender is the unit whose link (or registered address) brought the file when
-- its check was recorded, '' when it came from a folder. refused is 1 for a
-- file refused for its sender (its identity names another unit): it is filed
-- under the sender (unit = sender) as evidence, supersedes nothing, is never
-- superseded, and counts in no status, history or figure.
ALTER TABLE submissions ADD COLUMN sender TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN refused INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1));
`,
}
