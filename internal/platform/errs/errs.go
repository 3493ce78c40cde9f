// Package errs carries domain errors: a kind plus a stable code, never an HTTP
// status or translated text. platform/web maps kinds to statuses and codes to
// catalog messages in the caller's language.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error for the edge.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindForbidden
	KindConflict
	KindStale
	KindUnauthenticated
	KindTooMany
	KindBadRequest
)

// FieldError is one invalid field: the JSON path, a stable code and
// optional template data for the message (e.g. {"Min": 8}).
type FieldError struct {
	Field string
	Code  string
	Data  map[string]any
}

// Error is a domain error. Code is a catalog key (e.g. "users.username_taken").
type Error struct {
	Kind   Kind
	Code   string
	Data   map[string]any
	Fields []FieldError
	// RetryAfter is set for KindTooMany, in seconds.
	RetryAfter int
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (kind %d)", e.Code, e.Kind)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Code)
	}
	return b.String()
}

// Field builds one field error; data is optional key/value pairs.
func Field(field, code string, kv ...any) FieldError {
	return FieldError{Field: field, Code: code, Data: pairs(kv)}
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// Invalid reports field-level validation failures (422).
func Invalid(fields ...FieldError) error {
	return &Error{Kind: KindInvalid, Code: "validation", Fields: fields}
}

// NotFound also covers "exists but not visible to you": never leak existence.
func NotFound(code string) error { return &Error{Kind: KindNotFound, Code: code} }

// Forbidden means authenticated but not permitted.
func Forbidden(code string) error { return &Error{Kind: KindForbidden, Code: code} }

// Conflict is an action not allowed in the current state; kv feeds the message.
func Conflict(code string, kv ...any) error {
	return &Error{Kind: KindConflict, Code: code, Data: pairs(kv)}
}

// Stale means the record changed since the client read its version.
func Stale(code string) error { return &Error{Kind: KindStale, Code: code} }

// Unauthenticated means no valid credentials.
func Unauthenticated(code string) error { return &Error{Kind: KindUnauthenticated, Code: code} }

// TooMany is a rate limit or lockout, retryable after the given seconds.
func TooMany(code string, retryAfter int) error {
	return &Error{Kind: KindTooMany, Code: code, RetryAfter: retryAfter}
}

// BadRequest is malformed input that is not a field problem.
func BadRequest(code string) error { return &Error{Kind: KindBadRequest, Code: code} }

// As extracts a domain error.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KindOf returns the kind of err, KindInternal for foreign errors.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return KindInternal
}

// Collector gathers field errors during validation.
type Collector struct{ fields []FieldError }

// Add records a field error.
func (c *Collector) Add(field, code string, kv ...any) {
	c.fields = append(c.fields, Field(field, code, kv...))
}

// AddField records a prepared field error.
func (c *Collector) AddField(f FieldError) { c.fields = append(c.fields, f) }

// Len is how many field errors were recorded so far (a part of a form can
// tell whether it added any).
func (c *Collector) Len() int { return len(c.fields) }

// Err returns an Invalid error or nil.
func (c *Collector) Err() error {
	if len(c.fields) == 0 {
		return nil
	}
	return Invalid(c.fields...)
}
