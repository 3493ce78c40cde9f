package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeTaihe serves /api/v1/auth/login and /api/v1/me the way Taihe does:
// login returns {"token": …} and sets a session cookie; /me wants either.
type fakeTaihe struct {
	*httptest.Server
	logins, me, bearer, cookie, unauth atomic.Int64
}

func newFakeTaihe(t *testing.T) *fakeTaihe {
	t.Helper()
	f := &fakeTaihe{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/auth/login", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Tenant, Username, Password string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil ||
			in.Tenant != "demo" || in.Username != "admin" || in.Password != "pa/ss" {
			http.Error(w, `{"code":"auth.bad_credentials"}`, http.StatusUnauthorized)
			return
		}
		f.logins.Add(1)
		http.SetCookie(w, &http.Cookie{Name: "taihe_sid", Value: "sess-42", Path: "/", HttpOnly: true})
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"token":"tok-from-login","expires_at":"2026-12-31T00:00:00Z"}`)
	})
	mux.HandleFunc("GET /api/v1/me", func(w http.ResponseWriter, r *http.Request) {
		f.me.Add(1)
		switch auth := r.Header.Get("Authorization"); {
		case auth == "Bearer tok-static" || auth == "Bearer tok-from-login":
			f.bearer.Add(1)
		case auth == "":
			if c, err := r.Cookie("taihe_sid"); err == nil && c.Value == "sess-42" {
				f.cookie.Add(1)
				break
			}
			fallthrough
		default:
			f.unauth.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"user":"admin"}`)
	})
	f.Server = httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(f.Close)
	return f
}

func mustConfig(t *testing.T, args ...string) Config {
	t.Helper()
	cfg, err := parseConfig(args, io.Discard)
	if err != nil {
		t.Fatalf("parseConfig(%q): %v", args, err)
	}
	return cfg
}

func TestRunBearerToken(t *testing.T) {
	f := newFakeTaihe(t)
	cfg := mustConfig(t, "-url", f.URL, "-c", "4", "-d", "1s", "-warmup", "200ms", "-token", "tok-static")

	start := time.Now()
	s, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("run took %v, want about 1.2s", took)
	}
	if s.Requests == 0 {
		t.Fatal("requests = 0")
	}
	if s.Errors != 0 || f.unauth.Load() != 0 {
		t.Errorf("errors = %d (%v), unauthorised = %d", s.Errors, s.ErrorSamples, f.unauth.Load())
	}
	if got := f.bearer.Load(); got != f.me.Load() {
		t.Errorf("bearer header on %d of %d requests", got, f.me.Load())
	}
	if s.Status["200"] != s.Requests {
		t.Errorf("status = %v, requests = %d", s.Status, s.Requests)
	}
	// Warm-up requests reached the server but are not in the summary.
	if served := uint64(f.me.Load()); served <= s.Requests {
		t.Errorf("server saw %d requests, summary %d: warm-up not discarded?", served, s.Requests)
	}
	if s.Throughput <= 0 || s.P50 <= 0 || s.P99 < s.P50 || s.Max < s.P99 {
		t.Errorf("odd numbers: %+v", s)
	}
}

func TestRunLoginToken(t *testing.T) {
	f := newFakeTaihe(t)
	cfg := mustConfig(t, "-url", f.URL+"/", "-c", "4", "-d", "300ms", "-warmup", "0", "-login", "demo/admin/pa/ss")

	s, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f.logins.Load() != 1 {
		t.Errorf("logins = %d, want 1", f.logins.Load())
	}
	if s.Requests == 0 || s.Errors != 0 {
		t.Fatalf("requests = %d, errors = %d %v", s.Requests, s.Errors, s.ErrorSamples)
	}
	if f.bearer.Load() != int64(s.Requests) || f.cookie.Load() != 0 {
		t.Errorf("bearer = %d, cookie = %d, requests = %d", f.bearer.Load(), f.cookie.Load(), s.Requests)
	}
}

func TestRunLoginCookieSession(t *testing.T) {
	f := newFakeTaihe(t)
	cfg := mustConfig(t, "-url", f.URL, "-c", "4", "-d", "300ms", "-warmup", "0",
		"-login", "demo/admin/pa/ss", "-cookie-session")

	s, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Requests == 0 || s.Errors != 0 {
		t.Fatalf("requests = %d, errors = %d %v", s.Requests, s.Errors, s.ErrorSamples)
	}
	if f.cookie.Load() != int64(s.Requests) || f.bearer.Load() != 0 {
		t.Errorf("cookie = %d, bearer = %d, requests = %d", f.cookie.Load(), f.bearer.Load(), s.Requests)
	}
}

func TestRunLoginRejected(t *testing.T) {
	f := newFakeTaihe(t)
	cfg := mustConfig(t, "-url", f.URL, "-d", "1s", "-login", "demo/admin/wrong")
	_, err := Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("err = %v, want a 401 login error", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error leaks the password: %v", err)
	}
	if f.me.Load() != 0 {
		t.Errorf("attack ran after a failed login: %d requests", f.me.Load())
	}
}

func TestExpectStatusCountsErrors(t *testing.T) {
	f := newFakeTaihe(t)
	cfg := mustConfig(t, "-url", f.URL, "-c", "2", "-d", "200ms", "-warmup", "0", "-token", "bad")
	s, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Requests == 0 || s.Errors != s.Requests || s.Status["401"] != s.Requests {
		t.Fatalf("requests = %d, errors = %d, status = %v", s.Requests, s.Errors, s.Status)
	}

	cfg = mustConfig(t, "-url", f.URL, "-c", "2", "-d", "200ms", "-warmup", "0", "-token", "bad", "-expect-status", "401")
	if s, err = Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if s.Requests == 0 || s.Errors != 0 {
		t.Fatalf("with -expect-status 401: requests = %d, errors = %d %v", s.Requests, s.Errors, s.ErrorSamples)
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://10.1.2.3", "http://10.1.2.3:8080/", "http://[2001:db8::1]:8080", "http://0.0.0.0:8080"} {
		if err := checkLoopback(context.Background(), u); !errors.Is(err, errNotLoopback) {
			t.Errorf("checkLoopback(%s) = %v, want errNotLoopback", u, err)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080"} {
		if err := checkLoopback(context.Background(), u); err != nil {
			t.Errorf("checkLoopback(%s) = %v, want nil", u, err)
		}
	}

	var stderr bytes.Buffer
	code := realMain(context.Background(), []string{"-url", "http://10.1.2.3", "-d", "1s", "-warmup", "0"}, io.Discard, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "non-loopback") {
		t.Errorf("exit %d, stderr %q; want 2 and a refusal", code, stderr.String())
	}
}

func TestDialGuard(t *testing.T) {
	if err := dialLoopbackOnly("tcp", "10.1.2.3:80", nil); !errors.Is(err, errNotLoopback) {
		t.Errorf("dial 10.1.2.3 = %v", err)
	}
	if err := dialLoopbackOnly("tcp6", "[::1]:80", nil); err != nil {
		t.Errorf("dial ::1 = %v", err)
	}
}

func TestParseConfigRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-d", "0"},
		{"-c", "0"},
		{"-token", "x", "-login", "a/b/c"},
		{"-cookie-session"},
		{"-login", "demo/admin"},
	} {
		if _, err := parseConfig(args, io.Discard); err == nil {
			t.Errorf("parseConfig(%q) = nil error", args)
		}
	}
}

func TestPlainOutput(t *testing.T) {
	var b bytes.Buffer
	s := Summary{Requests: 51234, Duration: 10 * time.Second, Throughput: 5123.4,
		P50: 3100 * time.Microsecond, P95: 7900 * time.Microsecond, P99: 12400 * time.Microsecond, Max: 40200 * time.Microsecond,
		Status: map[string]uint64{"200": 51230, "401": 4}, Errors: 4}
	if err := writeSummary(&b, s, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"requests      51234\n",
		"duration      10.00s\n",
		"throughput    5123.4 req/s\n",
		"latency p50   3.1ms  p95 7.9ms  p99 12.4ms  max 40.2ms\n",
		"status        200:51230 401:4\n",
		"errors        4\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
