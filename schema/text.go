package schema

import (
	"errors"
	"fmt"
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

// Text is a message in both languages. Detection code builds a Text; printing picks the language.
type Text struct {
	VI string
	EN string
}

// In returns the message in lang, falling back to Vietnamese.
func (t Text) In(lang Lang) string {
	if lang == EN && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// Textf formats the same arguments into a Vietnamese and an English pattern.
func Textf(vi, en string, args ...any) Text {
	return Text{VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
}

// LocalError is a failure explained to a person, in both languages. Error returns Vietnamese.
type LocalError struct{ Msg Text }

func (e *LocalError) Error() string { return e.Msg.VI }

// Errorf returns a LocalError formatting the same arguments into both patterns.
func Errorf(vi, en string, args ...any) error { return &LocalError{Textf(vi, en, args...)} }

// ErrorText returns err's message in lang: both languages for a LocalError, else err.Error().
func ErrorText(err error, lang Lang) string {
	var le *LocalError
	if errors.As(err, &le) {
		return le.Msg.In(lang)
	}
	return err.Error()
}
