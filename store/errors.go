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
