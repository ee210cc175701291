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
	// 4: the messages reports came in by e-mail, their attachments, and the mailbox's messages read.
	`
-- One row per message (saved or fetched), kept as the evidence of where its
-- files came from. key is "<Message-ID>" where the message has one, else
-- "sha256:" and the digest of its bytes: a message that came twice is one row.
-- sent_at is the Date header as RFC 3339 ('' when it had none that reads),
-- sent_raw the header as written.
CREATE TABLE messages (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,
	sha256      TEXT NOT NULL,
	size        INTEGER NOT NULL,
	sender      TEXT NOT NULL,  -- the From address, lower case
	sender_name TEXT NOT NULL,
	sent_at     TEXT NOT NULL,
	sent_raw    TEXT NOT NULL,
	subject     TEXT NOT NULL,
	message_id  TEXT NOT NULL,  -- without angle brackets
	source      TEXT NOT NULL,  -- the saved file's name, or imap://user@host/MAILBOX;UIDVALIDITY=v/;UID=u
	refused     TEXT NOT NULL,  -- '' or the code of why the whole message was not read
	detail_vi   TEXT NOT NULL,
	detail_en   TEXT NOT NULL,
	received_at TEXT NOT NULL
) STRICT;

-- Each workbook a message brought, filed (sha256 names the file; not a foreign
-- key, as a rebuild empties files) or refused (sha256 '' or the bytes refused).
CREATE TABLE message_parts (
	message   INTEGER NOT NULL REFERENCES messages(id),
	ord       INTEGER NOT NULL,
	name      TEXT NOT NULL,  -- as the message named it, where it was found first (" › ")
	sha256    TEXT NOT NULL,
	refused   TEXT NOT NULL,
	detail_vi TEXT NOT NULL,
	detail_en TEXT NOT NULL,
	PRIMARY KEY (message, ord)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_parts_sha256 ON message_parts(sha256);

-- The messages of an IMAP mailbox that chitieu has read: a UID means one
-- message only while the mailbox's UIDVALIDITY stays the same.
CREATE TABLE mailbox_seen (
	mailbox     TEXT NOT NULL,  -- imap://user@host:port/MAILBOX
	uidvalidity INTEGER NOT NULL,
	uid         INTEGER NOT NULL,
	message     INTEGER REFERENCES messages(id),
	seen_at     TEXT NOT NULL,
	PRIMARY KEY (mailbox, uidvalidity, uid)
) STRICT, WITHOUT ROWID;
`,
	// 5: a finding's message kept as data — its patterns and raw arguments, encoded by
	// finding.MarshalText — instead of the sentence formatted in each language, so that it is
	// printed in the reader's language. A finding stored before keeps its two sentences as the
	// patterns of a message without arguments (printed as they are), and reads as it did.
	`
ALTER TABLE findings ADD COLUMN detail TEXT NOT NULL DEFAULT '';
UPDATE findings SET detail = json_object('vi', message_vi, 'en', message_en);
ALTER TABLE findings DROP COLUMN message_vi;
ALTER TABLE findings DROP COLUMN message_en;
`,
	// 6 (issue 25): the office's review of reports, and its accounts. Self-contained: it only adds tables.
	`
-- One row per change of a report's review state (form, unit, period): returned
-- (sent back with comments), approved (accepted; locks the report), reopened
-- (unlocked, with its reason). sha256 is the file the change was made on ('' for
-- a reopen); by is the account's name; at is UTC, RFC 3339 with nanoseconds.
-- seq is the receive order (files.seq) of the last file received when the change
-- was made: a file with a greater seq came after it, whatever the clocks say.
-- Keyed by the file's SHA-256, not a submission id, so that a rebuild keeps it.
CREATE TABLE reviews (
	id      INTEGER PRIMARY KEY,
	seq     INTEGER NOT NULL,
	form    TEXT NOT NULL,
	unit    TEXT NOT NULL,
	period  TEXT NOT NULL,
	sha256  TEXT NOT NULL,
	state   TEXT NOT NULL CHECK (state IN ('returned', 'approved', 'reopened')),
	comment TEXT NOT NULL,
	by      TEXT NOT NULL,
	at      TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_key ON reviews(form, unit, period);

-- The office's comments on cells of the file a review returned; ord keeps the
-- order given (0-based).
CREATE TABLE review_cells (
	review_id INTEGER NOT NULL REFERENCES reviews(id),
	ord       INTEGER NOT NULL,
	sheet     TEXT NOT NULL,
	cell      TEXT NOT NULL,
	comment   TEXT NOT NULL,
	PRIMARY KEY (review_id, ord)
) STRICT, WITHOUT ROWID;

-- The office's accounts on serve: one secret token each, kept as its SHA-256.
CREATE TABLE office_accounts (
	name         TEXT PRIMARY KEY,
	token_sha256 TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL
) STRICT;
`,
	// 7 (issue 26): why a message or an attachment was refused kept as data, as step 5 keeps a
	// finding's message — its patterns and raw arguments, encoded by finding.MarshalText — and
	// printed in the reader's language; a refusal stored before keeps its two sentences as the
	// patterns of a message without arguments, and reads as it did. And whether the office's reply
	// to a message is still due: a reply that could not be sent (the SMTP server down) is sent by
	// the next mail fetch --reply.
	`
ALTER TABLE messages ADD COLUMN detail TEXT NOT NULL DEFAULT '';
UPDATE messages SET detail = json_object('vi', detail_vi, 'en', detail_en) WHERE refused != '';
ALTER TABLE messages DROP COLUMN detail_vi;
ALTER TABLE messages DROP COLUMN detail_en;
ALTER TABLE message_parts ADD COLUMN detail TEXT NOT NULL DEFAULT '';
UPDATE message_parts SET detail = json_object('vi', detail_vi, 'en', detail_en) WHERE refused != '';
ALTER TABLE message_parts DROP COLUMN detail_vi;
ALTER TABLE message_parts DROP COLUMN detail_en;
-- reply: '' none asked or due (the message came before this step, or without --reply, or from
-- an address the plan does not know), 'due' decided but not sent yet, 'sent'.
ALTER TABLE messages ADD COLUMN reply TEXT NOT NULL DEFAULT '' CHECK (reply IN ('', 'due', 'sent'));
`,
}
