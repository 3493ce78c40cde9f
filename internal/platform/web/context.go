// Package web is the HTTP edge shared by pages and the JSON API: routing with
// a registry of every route and who may call it, session resolution, CSRF,
// security headers, problem+json errors in the caller's language, templates
// and static assets. Handlers decode, call one service method and render.
package web

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

type ctxKey int

const (
	keyPrincipal ctxKey = iota
	keyLang
	keyRequestID
	keyToken
	keyIP
	keyEnded
	keyPattern
)

// ClientIPFrom returns the caller's address as the server sees it.
func ClientIPFrom(ctx context.Context) string {
	s, _ := ctx.Value(keyIP).(string)
	return s
}

// PrincipalFrom returns the signed-in caller, if any.
func PrincipalFrom(ctx context.Context) (identity.Principal, bool) {
	p, ok := ctx.Value(keyPrincipal).(identity.Principal)
	return p, ok
}

// ScopeFrom returns the caller's scope; the zero scope when nobody is signed in.
func ScopeFrom(ctx context.Context) tenant.Scope {
	p, _ := PrincipalFrom(ctx)
	return p.Scope
}

// LangFrom returns the language chosen for this request.
func LangFrom(ctx context.Context) string {
	if l, ok := ctx.Value(keyLang).(string); ok {
		return l
	}
	return "zh-CN"
}

// RequestIDFrom returns the request id (also in the X-Request-Id header and logs).
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(keyRequestID).(string)
	return s
}

// WithLang returns ctx with another language (after the user switched).
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, keyLang, lang)
}
