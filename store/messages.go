package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"chitieu/finding"
)

// Message is a message reports came in by, as the store keeps it: the evidence beside each of
// its files.
type Message struct {
	// Key tells one message from another: "<Message-ID>", else "sha256:" and its bytes' digest.
	Key       string
	SHA256    string
	Size      int64
	From      string // the sender's address, lower case
	FromName  string
	SentAt    time.Time // the Date header; zero when it had none that reads
	SentRaw   string
	Subject   string
	MessageID string
	Source    string       // the saved file's name, or the mailbox, UIDVALIDITY and UID
	Refused   string       // the code of why the whole message was not read ("" when it was)
	Detail    finding.Text // what Refused means and what to do, kept as data, printed in the reader's language
	// Reply is the office's answer to the message: "" none due, "due" (decided, not sent yet:
	// the next mail fetch --reply sends it), "sent".
	Reply      string
	ReceivedAt time.Time // zero: now
	Parts      []MessagePart
}

// MessagePart is a workbook a message brought: filed under SHA256, or refused.
type MessagePart struct {
	Name    string
	SHA256  string
	Refused string
	Detail  finding.Text
}

// detailOf is a refusal's explanation as stored: "" when nothing was refused.
func detailOf(refused string, t finding.Text) (string, error) {
	if refused == "" && t.IsZero() {
		return "", nil
	}
	b, err := finding.MarshalText(t)
	return string(b), err
}

// textOf reads back what detailOf stored.
func textOf(s string) (finding.Text, error) {
	if s == "" {
		return finding.Text{}, nil
	}
	return finding.UnmarshalText([]byte(s))
}

// RecordMessage records m, whose filed parts are already in the store, and reports whether it
// was new: a message with the key of one recorded before records nothing.
func (s *Store) RecordMessage(ctx context.Context, m Message) (_ bool, err error) {
	defer s.explain(&err)
	added, err := s.RecordMessages(ctx, []Message{m})
	if err != nil {
		return false, err
	}
	return added[0], nil
}

// RecordMessages records the messages in one transaction, as RecordMessage records one, and
// reports of each whether it was new (a second with the same key is not).
func (s *Store) RecordMessages(ctx context.Context, ms []Message) (_ []bool, err error) {
	defer s.explain(&err)
	type row struct {
		sent, detail string
		parts        []string
	}
	rows := make([]row, len(ms))
	now := time.Now()
	for i, m := range ms {
		if !m.SentAt.IsZero() {
			rows[i].sent = m.SentAt.Format(time.RFC3339)
		}
		var err error
		if rows[i].detail, err = detailOf(m.Refused, m.Detail); err != nil {
			return nil, err
		}
		for _, p := range m.Parts {
			d, err := detailOf(p.Refused, p.Detail)
			if err != nil {
				return nil, err
			}
			rows[i].parts = append(rows[i].parts, d)
		}
		if m.ReceivedAt.IsZero() {
			ms[i].ReceivedAt = now
		}
	}
	var added []bool
	err = s.withWrite(ctx, func(tx *sql.Tx) error {
		added = make([]bool, len(ms))
		for i, m := range ms {
			r, err := tx.ExecContext(ctx, `INSERT INTO messages(key, sha256, size, sender, sender_name, sent_at, sent_raw, subject,
				message_id, source, refused, detail, reply, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(key) DO NOTHING`, m.Key, m.SHA256, m.Size, m.From, m.FromName, rows[i].sent, m.SentRaw, m.Subject,
				m.MessageID, m.Source, m.Refused, rows[i].detail, m.Reply, formatTime(m.ReceivedAt))
			if err != nil {
				return err
			}
			n, err := r.RowsAffected()
			if err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			added[i] = true
			id, err := r.LastInsertId()
			if err != nil {
				return err
			}
			for j, p := range m.Parts {
				if _, err := tx.ExecContext(ctx, `INSERT INTO message_parts(message, ord, name, sha256, refused, detail)
					VALUES (?, ?, ?, ?, ?, ?)`, id, j, p.Name, p.SHA256, p.Refused, rows[i].parts[j]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return added, err
}

// MessageOf returns the message that first brought the file with the given SHA-256, and whether
// one did.
func (s *Store) MessageOf(ctx context.Context, sha256 string) (_ Message, _ bool, err error) {
	defer s.explain(&err)
	var m Message
	var sent, at string
	err = s.db.QueryRowContext(ctx, `SELECT m.key, m.sha256, m.size, m.sender, m.sender_name, m.sent_at, m.sent_raw, m.subject,
		m.message_id, m.source, m.refused, m.reply, m.received_at FROM message_parts p JOIN messages m ON m.id = p.message
		WHERE p.sha256 = ? AND p.refused = '' ORDER BY m.id LIMIT 1`, sha256).Scan(&m.Key, &m.SHA256, &m.Size, &m.From, &m.FromName,
		&sent, &m.SentRaw, &m.Subject, &m.MessageID, &m.Source, &m.Refused, &m.Reply, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, false, nil
	}
	if err != nil {
		return Message{}, false, err
	}
	if sent != "" {
		m.SentAt, _ = time.Parse(time.RFC3339, sent)
	}
	m.ReceivedAt, err = parseTime(at)
	return m, true, err
}

// SeenUIDs returns the UIDs of mailbox read before under uidValidity. A mailbox whose
// UIDVALIDITY changed has had its UIDs renumbered: none of the old ones counts.
func (s *Store) SeenUIDs(ctx context.Context, mailbox string, uidValidity uint32) (_ map[uint32]bool, err error) {
	defer s.explain(&err)
	rows, err := s.db.QueryContext(ctx, "SELECT uid FROM mailbox_seen WHERE mailbox = ? AND uidvalidity = ?", mailbox, uidValidity)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[uint32]bool{}
	for rows.Next() {
		var uid uint32
		if err := rows.Scan(&uid); err != nil {
			return nil, err
		}
		seen[uid] = true
	}
	return seen, rows.Err()
}

// MarkSeen records that the message uid of mailbox was read and recorded under key ("" for a
// message that could not be read at all).
func (s *Store) MarkSeen(ctx context.Context, mailbox string, uidValidity, uid uint32, key string) (err error) {
	defer s.explain(&err)
	return s.MarkSeenAll(ctx, mailbox, uidValidity, []Seen{{uid, key}})
}

// Seen is a message of a mailbox read: its UID and the key it was recorded under.
type Seen struct {
	UID uint32
	Key string
}

// MarkSeenAll records, in one transaction, that the messages of mailbox were read, as MarkSeen
// records one.
func (s *Store) MarkSeenAll(ctx context.Context, mailbox string, uidValidity uint32, seen []Seen) (err error) {
	defer s.explain(&err)
	if len(seen) == 0 {
		return nil
	}
	at := formatTime(time.Now())
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		for _, m := range seen {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mailbox_seen(mailbox, uidvalidity, uid, message, seen_at)
				VALUES (?, ?, ?, (SELECT id FROM messages WHERE key = ?), ?) ON CONFLICT DO NOTHING`,
				mailbox, uidValidity, m.UID, m.Key, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// Messages returns every message recorded, in the order they were recorded, each with its parts.
func (s *Store) Messages(ctx context.Context) (_ []Message, err error) {
	defer s.explain(&err)
	rows, err := s.db.QueryContext(ctx, `SELECT id, key, sha256, size, sender, sender_name, sent_at, sent_raw, subject,
		message_id, source, refused, detail, reply, received_at FROM messages ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []Message
	var ids []int64
	for rows.Next() {
		var m Message
		var id int64
		var sent, at, detail string
		if err := rows.Scan(&id, &m.Key, &m.SHA256, &m.Size, &m.From, &m.FromName, &sent, &m.SentRaw, &m.Subject,
			&m.MessageID, &m.Source, &m.Refused, &detail, &m.Reply, &at); err != nil {
			rows.Close()
			return nil, err
		}
		var err error
		if m.Detail, err = textOf(detail); err != nil {
			rows.Close()
			return nil, err
		}
		if sent != "" {
			m.SentAt, _ = time.Parse(time.RFC3339, sent)
		}
		m.ReceivedAt, _ = parseTime(at)
		out = append(out, m)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		prow, err := s.db.QueryContext(ctx, "SELECT name, sha256, refused, detail FROM message_parts WHERE message = ? ORDER BY ord", id)
		if err != nil {
			return nil, err
		}
		for prow.Next() {
			var p MessagePart
			var detail string
			err := prow.Scan(&p.Name, &p.SHA256, &p.Refused, &detail)
			if err == nil {
				p.Detail, err = textOf(detail)
			}
			if err != nil {
				prow.Close()
				return nil, err
			}
			out[i].Parts = append(out[i].Parts, p)
		}
		prow.Close()
	}
	return out, nil
}

// SetReply records the state of the office's answer to the message with the given key: "due"
// once it is decided, "sent" once the SMTP server took it.
func (s *Store) SetReply(ctx context.Context, key, state string) (err error) {
	defer s.explain(&err)
	return s.withWrite(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE messages SET reply = ? WHERE key = ?", state, key)
		return err
	})
}

// ReplyOf returns the state of the office's reply to the message with the given key ("" when
// none is due, or no such message is recorded).
func (s *Store) ReplyOf(ctx context.Context, key string) (_ string, err error) {
	defer s.explain(&err)
	var state string
	err = s.db.QueryRowContext(ctx, "SELECT reply FROM messages WHERE key = ?", key).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return state, err
}

// RepliesDue returns the UIDs of mailbox, read under uidValidity, whose message's reply is due
// (it could not be sent when the message was read), each with the message's key.
func (s *Store) RepliesDue(ctx context.Context, mailbox string, uidValidity uint32) (_ map[uint32]string, err error) {
	defer s.explain(&err)
	// A message that came twice is answered once: under the first of its UIDs.
	rows, err := s.db.QueryContext(ctx, `SELECT MIN(b.uid), m.key FROM mailbox_seen b JOIN messages m ON m.id = b.message
		WHERE b.mailbox = ? AND b.uidvalidity = ? AND m.reply = 'due' GROUP BY m.key`, mailbox, uidValidity)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	due := map[uint32]string{}
	for rows.Next() {
		var uid uint32
		var key string
		if err := rows.Scan(&uid, &key); err != nil {
			return nil, err
		}
		due[uid] = key
	}
	return due, rows.Err()
}
