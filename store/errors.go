package store

import (
	"errors"

	"chitieu/finding"
)

// Error is a store failure told as a message in both languages (finding.Text), printed in the
// reader's language by finding.ErrorText. Error returns the Vietnamese, the project's first
// language. Code is stable and meant for programs ("plan-mismatch", "schema-too-new",
// "sha256-mismatch", "not-found", "bad-name").
type Error struct {
	Code string
	Msg  finding.Text
	Err  error // the underlying cause, if any
}

// Error returns the Vietnamese message.
func (e *Error) Error() string { return e.In(finding.VI) }

// In returns the message in lang, with the cause.
func (e *Error) In(lang finding.Lang) string {
	if inner, ok := e.Err.(*Error); ok {
		return e.Msg.In(lang) + ": " + inner.In(lang)
	}
	if e.Err != nil {
		return e.Msg.In(lang) + ": " + e.Err.Error()
	}
	return e.Msg.In(lang)
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func newError(code string, err error, vi, en string, args ...any) *Error {
	return &Error{Code: code, Msg: finding.Textf(vi, en, args...), Err: err}
}

// IsCode reports whether err is, or wraps, an *Error with the given code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// explain gives SQLite's word for a damaged index or a lock held too long, met by an exported
// method after the store opened, as the store's own *Error told in both languages: needs-rebuild
// (rebuild the index from the files, naming the command) or busy. Every exported method that
// reads or writes the index defers it, so that a caller only prints (finding.ErrorText); an
// *Error already made, and any other error, is left as it is.
func (s *Store) explain(err *error) {
	var e *Error
	switch {
	case *err == nil || errors.As(*err, &e):
	case IsDamaged(*err):
		*err = needsRebuild(s.dir, *err)
	case isBusy(*err):
		*err = busy(*err)
	}
}

// busy is the error of a store whose write lock another process held too long.
func busy(cause error) *Error {
	return newError("busy", cause, "kho đang bận (tiến trình khác giữ quyền ghi quá lâu)",
		"store is busy (another process held the write lock too long)")
}
