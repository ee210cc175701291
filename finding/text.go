package finding

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Lang is the language of a message shown to a person.
type Lang string

// The languages chitieu speaks. Vietnamese is the default: the officials who run the tool and the
// units that fill its forms read Vietnamese.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang reads a --lang value.
func ParseLang(s string) (Lang, error) {
	switch s {
	case "vi", "":
		return VI, nil
	case "en":
		return EN, nil
	}
	return "", fmt.Errorf("unknown language %q (use vi or en)", s)
}

// Text is a message in both languages, kept as a pattern per language and the arguments both
// share until it is printed (as cue's errors.Message is), so that a message can be given in the
// language of whoever reads it — a plan's own rule message among them. Without Args the patterns
// are the text itself and are never formatted.
type Text struct {
	VI string
	EN string
	// Args are formatted into VI and EN by In.
	Args []any
}

// Textf returns the message with the patterns vi and en and their arguments.
func Textf(vi, en string, args ...any) Text { return Text{VI: vi, EN: en, Args: args} }

// In returns the message in lang, falling back to Vietnamese where there is no English.
func (t Text) In(lang Lang) string {
	pattern := t.VI
	if lang == EN && t.EN != "" {
		pattern = t.EN
	}
	if len(t.Args) == 0 {
		return pattern
	}
	args, copied := t.Args, false
	for i, a := range t.Args {
		if l, ok := a.(Localized); ok {
			if !copied { // the message's own arguments stay raw
				args, copied = append([]any(nil), t.Args...), true
			}
			args[i] = l.In(lang)
		}
	}
	return fmt.Sprintf(pattern, args...)
}

// IsZero reports whether the message says nothing.
func (t Text) IsZero() bool { return t.VI == "" && t.EN == "" }

// Plus returns the message followed by more: the patterns are joined and so are the arguments, so
// neither is formatted before it is printed.
func (t Text) Plus(more Text) Text {
	if len(t.Args) == 0 && len(more.Args) > 0 {
		t = Textf(escape(t.VI), escape(t.EN))
	}
	if len(more.Args) == 0 && len(t.Args) > 0 {
		more = Textf(escape(more.VI), escape(more.EN))
	}
	en := t.EN
	if en == "" {
		en = t.VI
	}
	moreEN := more.EN
	if moreEN == "" {
		moreEN = more.VI
	}
	return Text{VI: t.VI + more.VI, EN: en + moreEN, Args: append(append([]any(nil), t.Args...), more.Args...)}
}

func escape(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// LocalError is a failure explained to a person, in both languages. Error() returns Vietnamese.
// Err, when set, is the failure it explains, for errors.Is.
type LocalError struct {
	Msg Text
	Err error
}

func (e *LocalError) Error() string { return e.Msg.In(VI) }

// Unwrap returns the failure the error explains.
func (e *LocalError) Unwrap() error { return e.Err }

// Errorf returns a *LocalError with the patterns vi and en and their arguments.
func Errorf(vi, en string, args ...any) error { return &LocalError{Msg: Textf(vi, en, args...)} }

// Wrapf returns a *LocalError explaining err with the patterns vi and en and their arguments.
func Wrapf(err error, vi, en string, args ...any) error {
	return &LocalError{Msg: Textf(vi, en, args...), Err: err}
}

// In returns the message in lang, for ErrorText.
func (e *LocalError) In(lang Lang) string { return e.Msg.In(lang) }

// ErrorText returns err's message in lang: the language asked for from the first error in its
// chain that can say itself in either (a *LocalError, the store's errors: a method In(Lang)
// string), else err.Error(). It is the one way an error is printed in the reader's language.
func ErrorText(err error, lang Lang) string {
	var l interface{ In(Lang) string }
	if errors.As(err, &l) {
		return l.In(lang)
	}
	if errors.Is(err, context.Canceled) {
		// A run stopped on request, reported by a step that saw only its context's error.
		return Text{VI: "đã dừng theo yêu cầu.", EN: "stopped on request."}.In(lang)
	}
	return err.Error()
}
