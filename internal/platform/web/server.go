package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
)

// Cookie names.
const (
	SessionCookie = "taihe_session"
	LangCookie    = "taihe_lang"
	MFACookie     = "taihe_mfa"
)

// Config is the edge's settings.
type Config struct {
	// SecureCookies marks cookies Secure (behind HTTPS).
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
}

// Server holds the mux, the route registry and what every handler needs.
type Server struct {
	mux     *http.ServeMux
	routes  []Route
	Cat     *i18n.Catalog
	IDs     *identity.Service
	cfg     Config
	Render  *Renderer
	Metrics *Metrics
	Menu    *Menu
	cop     *http.CrossOriginProtection
	// Wrap is applied around the mux, inside authentication (idempotency).
	Wrap []func(http.Handler) http.Handler
}

// NewServer builds an empty server; modules add routes, then Handler serves.
func NewServer(cat *i18n.Catalog, ids *identity.Service, render *Renderer, cfg Config) *Server {
	return &Server{mux: http.NewServeMux(), Cat: cat, IDs: ids, cfg: cfg, Render: render,
		Metrics: NewMetrics(), Menu: &Menu{}, cop: http.NewCrossOriginProtection()}
}

// Mux exposes the mux for the API adapter.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// Handler is the full middleware chain around the mux.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.apiNotFound(s.mux)
	for _, w := range s.Wrap {
		h = w(h)
	}
	h = s.csrf(h)
	h = s.authenticate(h)
	h = securityHeaders(h)
	h = s.Metrics.wrap(s.mux, h)
	h = s.requestContext(h)
	return h
}

// apiNotFound answers unknown /api/ paths with a problem+json 404 rather
// than the mux's plain-text one.
func (s *Server) apiNotFound(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			pattern, ok := r.Context().Value(keyPattern).(string)
			if !ok {
				_, pattern = mux.Handler(r)
			}
			if pattern == "" {
				s.Fail(w, r, errs.NotFound("not_found"))
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

// requestContext assigns the request id, picks the language, logs the
// request and turns a panic into a 500.
func (s *Server) requestContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		ctx = context.WithValue(ctx, keyLang, s.requestLang(r, ""))
		ctx = context.WithValue(ctx, keyIP, s.ClientIP(r))
		rw := &statusWriter{ResponseWriter: w, status: 200}
		defer func() {
			if p := recover(); p != nil {
				slog.Error("panic", "request_id", id, "panic", p)
				if !rw.wrote {
					s.Fail(rw, r.WithContext(ctx), errPanic{})
				}
			}
			if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
				slog.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", rw.status,
					"ms", float64(time.Since(start).Microseconds())/1000, "ip", s.ClientIP(r))
			}
		}()
		next.ServeHTTP(rw, r.WithContext(ctx))
	})
}

type errPanic struct{}

func (errPanic) Error() string { return "panic" }

// requestLang: API clients by Accept-Language, then the user's setting, then
// the language cookie (login pages), then zh-CN.
func (s *Server) requestLang(r *http.Request, userLang string) string {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if l := i18n.Normalize(r.Header.Get("Accept-Language")); l != "" {
			return l
		}
	}
	if userLang != "" {
		return userLang
	}
	if c, err := r.Cookie(LangCookie); err == nil {
		if l := i18n.Normalize(c.Value); l != "" {
			return l
		}
	}
	return i18n.Default
}

// authenticate resolves a bearer token or the session cookie into a
// Principal. A bad token is not an error here: routes decide whether they
// need a session.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, viaCookie := tokenOf(r)
		if token == "" {
			next.ServeHTTP(w, r)
			return
		}
		p, err := s.IDs.Resolve(r.Context(), token, s.ClientIP(r), clientName(r))
		if err != nil {
			if errs.KindOf(err) != errs.KindUnauthenticated {
				s.Fail(w, r, err)
				return
			}
			if viaCookie {
				s.clearCookie(w, SessionCookie)
			}
			// Remember an idle sign-out, so the answer can say "signed out
			// after inactivity" instead of a bare "please sign in".
			if e, ok := errs.As(err); ok && e.Code == "auth.session_idle" {
				r = r.WithContext(context.WithValue(r.Context(), keyEnded, e.Code))
			}
			next.ServeHTTP(w, r)
			return
		}
		ctx := context.WithValue(r.Context(), keyPrincipal, p)
		ctx = context.WithValue(ctx, keyToken, tokenInfo{token: token, cookie: viaCookie})
		ctx = context.WithValue(ctx, keyLang, s.requestLang(r, p.Locale))
		p.Scope = p.Scope.WithLocale(LangFrom(ctx))
		ctx = context.WithValue(ctx, keyPrincipal, p)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type tokenInfo struct {
	token  string
	cookie bool
}

func tokenOf(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), false
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		return c.Value, true
	}
	return "", false
}

// CSRFToken is derived from the session token, so it needs no storage and
// dies with the session.
func CSRFToken(r *http.Request) string {
	ti, ok := r.Context().Value(keyToken).(tokenInfo)
	if !ok || !ti.cookie {
		return ""
	}
	return csrfFor(ti.token)
}

// CSRFForToken is the CSRF token of a session token: what a page of that
// session sends as X-CSRF-Token (tests and API clients that use the cookie).
func CSRFForToken(sessionToken string) string { return csrfFor(sessionToken) }

func csrfFor(token string) string {
	h := sha256.Sum256([]byte("csrf:" + token))
	return hex.EncodeToString(h[:16])
}

// csrf protects cookie-authenticated unsafe requests twice: the browser's
// Sec-Fetch-Site/Origin check (http.CrossOriginProtection) and a per-session
// token sent as X-CSRF-Token (htmx hx-headers) or a _csrf form field.
// Bearer-token requests carry no ambient credential and need neither.
func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if err := s.cop.Check(r); err != nil {
			s.Fail(w, r, errs.Forbidden("csrf"))
			return
		}
		ti, ok := r.Context().Value(keyToken).(tokenInfo)
		if ok && ti.cookie {
			got := r.Header.Get("X-CSRF-Token")
			if got == "" {
				got = r.PostFormValue("_csrf")
			}
			if got != csrfFor(ti.token) {
				s.Fail(w, r, errs.Forbidden("csrf"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ClientIP is the caller's address (X-Forwarded-For only behind a trusted proxy).
func (s *Server) ClientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func clientName(r *http.Request) string {
	ua := r.UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	return ua
}

// SessionCookie is the cookie that carries a session token.
func (s *Server) SessionCookie(name, token string, expires time.Time) http.Cookie {
	return http.Cookie{Name: name, Value: token, Path: "/", Expires: expires, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
}

// SetSessionCookie stores a session token in the browser.
func (s *Server) SetSessionCookie(w http.ResponseWriter, name, token string, expires time.Time) {
	c := s.SessionCookie(name, token, expires)
	http.SetCookie(w, &c)
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// ClearCookie removes a cookie (sign-out, finished MFA step).
func (s *Server) ClearCookie(w http.ResponseWriter, name string) { s.clearCookie(w, name) }

// SetLangCookie remembers the language for pages without a session.
func (s *Server) SetLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// Fail answers an error: problem+json for the API, a redirect to the login
// page for a browser without a session, an error page or fragment otherwise.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	lang := LangFrom(r.Context())
	p := NewProblem(s.Cat, lang, RequestIDFrom(r.Context()), err)
	if isAPI(r) {
		WriteProblem(w, p)
		return
	}
	if p.Status == http.StatusUnauthorized {
		target := "/login"
		q := url.Values{}
		if r.Method == http.MethodGet && r.URL.Path != "/" {
			q.Set("next", r.URL.RequestURI())
		}
		if code, _ := r.Context().Value(keyEnded).(string); code != "" {
			q.Set("ended", code)
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		if r.Header.Get("HX-Request") == "true" {
			w.Header().Set("HX-Redirect", target)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	if p.Code == "auth.mfa_enrol_required" && r.Method == http.MethodGet {
		http.Redirect(w, r, "/me/security", http.StatusSeeOther)
		return
	}
	if p.Code == "auth.password_expired" && r.Method == http.MethodGet {
		http.Redirect(w, r, "/me/password", http.StatusSeeOther)
		return
	}
	s.Render.Error(w, r, p)
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/metrics"
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
