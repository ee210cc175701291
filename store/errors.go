package store

import (
	"errors"
	"fmt"
)

// Error is a store failure told in Vietnamese and English. Error returns the
// Vietnamese text, the project's first language; callers that print English
// read EN. Code is stable and meant for programs ("plan-mismatch",
// "schema-too-new", "sha256-mismatch", "not-found", "bad-name").
type Error struct {
	Code string
	VI   string
	EN   string
	Err  error // the underlying cause, if any
}

// Error returns the Vietnamese message.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.VI + ": " + e.Err.Error()
	}
	return e.VI
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// English returns the English message, with the cause.
func (e *Error) English() string {
	if e.Err != nil {
		return e.EN + ": " + e.Err.Error()
	}
	return e.EN
}

func newError(code string, err error, vi, en string, args ...any) *Error {
	return &Error{Code: code, VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...), Err: err}
}

// IsCode reports whether err is, or wraps, an *Error with the given code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}
