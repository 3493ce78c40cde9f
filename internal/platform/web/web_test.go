package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestProblemMapping(t *testing.T) {
	cat := catalog(t)
	for _, c := range []struct {
		err    error
		status int
		typ    string
		code   string
	}{
		{errs.Invalid(errs.Field("name", "field.required")), 422, "validation", "validation"},
		{errs.NotFound("not_found"), 404, "not-found", "not_found"},
		{errs.Forbidden("forbidden"), 403, "forbidden", "forbidden"},
		{errs.Conflict("users.already_active"), 409, "conflict", "users.already_active"},
		{errs.Stale("stale"), 409, "stale", "stale"},
		{errs.Unauthenticated("unauthenticated"), 401, "unauthenticated", "unauthenticated"},
		{errs.TooMany("auth.rate_limited", 7), 429, "rate-limited", "auth.rate_limited"},
		{errs.BadRequest("bad_request"), 400, "bad-request", "bad_request"},
		{errors.New("pq: password authentication failed for user taihe"), 500, "internal", "internal"},
	} {
		p := NewProblem(cat, "zh-CN", "req-1", c.err)
		if p.Status != c.status || p.Type != "https://taihe.dev/problems/"+c.typ || p.Code != c.code || p.Title == "" || p.Detail == "" {
			t.Errorf("%v → %+v, want %d %s %s", c.err, p, c.status, c.typ, c.code)
		}
		if strings.Contains(p.Detail+p.Title, "password authentication") {
			t.Errorf("an internal error's text reached the client: %+v", p)
		}
	}
	// A wrapped domain error keeps its kind.
	if p := NewProblem(cat, "en", "r", errors.Join(errors.New("ctx"), errs.NotFound("not_found"))); p.Status != 404 {
		t.Errorf("wrapped not-found → %d", p.Status)
	}
	p := NewProblem(cat, "en", "req-2", errs.Invalid(errs.Field("lines[0].quantity", "field.required"), errs.Field("email", "field.invalid_email")))
	if len(p.Errors) != 2 || p.Errors[0].Field != "lines[0].quantity" || p.Errors[0].Code != "field.required" || p.Errors[0].Message == "" ||
		p.Errors[0].Message == "field.required" {
		t.Errorf("field errors %+v: want field, code and a translated message", p.Errors)
	}
	zh := NewProblem(cat, "zh-CN", "req-2", errs.Invalid(errs.Field("email", "field.invalid_email")))
	if zh.Errors[0].Message == p.Errors[1].Message {
		t.Errorf("message %q is the same in zh-CN and en", zh.Errors[0].Message)
	}

	rec := httptest.NewRecorder()
	WriteProblem(rec, NewProblem(cat, "en", "req-3", errs.TooMany("auth.locked", 90)))
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "90" || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("429: %d Retry-After %q Content-Type %q", rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Content-Type"))
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["code"] != "auth.locked" || body["request_id"] != "req-3" {
		t.Errorf("problem body %s (%v)", rec.Body, err)
	}
	rec = httptest.NewRecorder()
	WriteProblem(rec, NewProblem(cat, "en", "req-4", errs.NotFound("not_found")))
	if rec.Header().Get("Retry-After") != "" {
		t.Error("Retry-After on a 404")
	}
}

func TestStaticAssets(t *testing.T) {
	s := NewStatic()
	u := s.URL("app.css")
	if !strings.HasPrefix(u, "/static/app.css?v=") || len(u) <= len("/static/app.css?v=") {
		t.Fatalf("URL(app.css) = %q", u)
	}
	get := func(target string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec
	}
	if rec := get(u); rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || rec.Body.Len() == 0 {
		t.Errorf("hashed URL: %d %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	if rec := get("/static/app.css?v=stale"); rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("stale hash: %d %q, want 200 no-cache", rec.Code, rec.Header().Get("Cache-Control"))
	}
	for _, bad := range []string{"/static/nope.css", "/static/../server.go", "/static/vendor/../../server.go", "/static/"} {
		if rec := get(bad); rec.Code != 404 {
			t.Errorf("%s: %d, want 404", bad, rec.Code)
		}
	}
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "198.51.100.7:5555"
	r.Header.Set("X-Forwarded-For", "10.9.8.7, 198.51.100.7")
	if ip := (&Server{}).ClientIP(r); ip != "198.51.100.7" {
		t.Errorf("untrusted proxy: %q, want the peer address", ip)
	}
	if ip := (&Server{cfg: Config{TrustProxy: true}}).ClientIP(r); ip != "10.9.8.7" {
		t.Errorf("trusted proxy: %q, want the first X-Forwarded-For address", ip)
	}
}

// Cookie-authenticated writes need the session's CSRF token (header or
// form field) and a same-origin browser; bearer requests need no token.
func TestCSRF(t *testing.T) {
	s := NewServer(catalog(t), nil, nil, Config{})
	reached := 0
	h := s.csrf(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached++ }))
	const token = "session-token-123"
	send := func(method string, cookie bool, header map[string]string, form url.Values) int {
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		r := httptest.NewRequest(method, "/api/v1/things", body)
		if form != nil {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range header {
			r.Header.Set(k, v)
		}
		r = r.WithContext(context.WithValue(r.Context(), keyToken, tokenInfo{token: token, cookie: cookie}))
		rec := httptest.NewRecorder()
		before := reached
		h.ServeHTTP(rec, r)
		if rec.Code == 403 && reached != before {
			t.Errorf("handler ran on a refused request")
		}
		if rec.Code == 403 && !strings.Contains(rec.Body.String(), `"code":"csrf"`) {
			t.Errorf("refusal body %s", rec.Body)
		}
		if rec.Code == 200 && reached == before {
			t.Errorf("handler did not run")
		}
		return rec.Code
	}
	good := CSRFForToken(token)
	if good == CSRFForToken("another-session") || len(good) != 32 {
		t.Errorf("CSRF token %q: want 32 hex characters, per session", good)
	}
	for _, c := range []struct {
		name   string
		method string
		cookie bool
		header map[string]string
		form   url.Values
		want   int
	}{
		{"GET needs nothing", http.MethodGet, true, nil, nil, 200},
		{"cookie POST without token", http.MethodPost, true, nil, nil, 403},
		{"cookie POST with a wrong token", http.MethodPost, true, map[string]string{"X-CSRF-Token": CSRFForToken("other")}, nil, 403},
		{"cookie POST with the header", http.MethodPost, true, map[string]string{"X-CSRF-Token": good}, nil, 200},
		{"cookie POST with the form field", http.MethodPost, true, nil, url.Values{"_csrf": {good}}, 200},
		{"cookie DELETE with the header", http.MethodDelete, true, map[string]string{"X-CSRF-Token": good}, nil, 200},
		{"bearer POST", http.MethodPost, false, nil, nil, 200},
		{"cross-site browser POST with the token", http.MethodPost, true, map[string]string{"X-CSRF-Token": good, "Sec-Fetch-Site": "cross-site"}, nil, 403},
		{"cross-site browser POST with a bearer", http.MethodPost, false, map[string]string{"Sec-Fetch-Site": "cross-site"}, nil, 403},
	} {
		if got := send(c.method, c.cookie, c.header, c.form); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// The token a page shows for a cookie session is the one the check wants.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r = r.WithContext(context.WithValue(r.Context(), keyToken, tokenInfo{token: token, cookie: true}))
	if CSRFToken(r) != good {
		t.Errorf("CSRFToken(page) = %q, want %q", CSRFToken(r), good)
	}
	r = r.WithContext(context.WithValue(r.Context(), keyToken, tokenInfo{token: token, cookie: false}))
	if CSRFToken(r) != "" {
		t.Error("a bearer request gets a CSRF token")
	}
}

func TestSecurityHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	securityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if rec.Header().Get(k) != want {
			t.Errorf("%s = %q, want %q", k, rec.Header().Get(k), want)
		}
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, part := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline or eval: %q", csp)
	}
}
