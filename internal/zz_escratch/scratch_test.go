package zz_escratch

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"log/slog"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

var rawKey = regexp.MustCompile(`(>\s*|(?:placeholder|title|aria-label|data-confirm)=")([a-z_]+\.[a-z_.]+)\s*<`)

func build(t *testing.T, d *db.DB) (http.Handler, *records.Registry) {
	ctx := context.Background()
	cfg := config.Defaults()
	cfg.Data = t.TempDir()
	cfg.LoginPerIP = 100000
	a, err := app.New(ctx, cfg, app.Options{DB: d})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if _, err := a.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo seeded in %v", time.Since(t0))
	return a.Handler(), a.Records.Registry()
}

func TestRealTypes(t *testing.T) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h, rr := build(t, d)
		_ = ctx
		srv := httptest.NewServer(h)
		defer srv.Close()
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		get := func(p string) (int, string, time.Duration) {
			t0 := time.Now()
			res, err := c.Get(srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return res.StatusCode, string(b), time.Since(t0)
		}
		res, _ := c.PostForm(srv.URL+"/login", url.Values{"tenant": {"demo"}, "username": {"admin"}, "password": {"taihe-demo-2026"}})
		res.Body.Close()
		u, _ := url.Parse(srv.URL)
		csrf := ""
		for _, ck := range jar.Cookies(u) {
			if ck.Name == web.SessionCookie {
				csrf = web.CSRFForToken(ck.Value)
			}
		}
		dump := os.Getenv("DUMP")
		for _, lang := range []string{"zh-CN", "en"} {
			req, _ := http.NewRequest("POST", srv.URL+"/me/locale", strings.NewReader(url.Values{"locale": {lang}, "next": {"/"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-CSRF-Token", csrf)
			res, _ := c.Do(req)
			res.Body.Close()
			for _, ty := range rr.Types() {
				code, body, dur := get("/md/" + ty.Path)
				check := func(p string, code int, body string, dur time.Duration) {
					if code != 200 {
						t.Errorf("%s %s: %d %.300s", lang, p, code, body)
					}
					if m := rawKey.FindStringSubmatch(body); m != nil {
						t.Errorf("%s %s: raw key %q", lang, p, m[2])
					}
					if dur > 300*time.Millisecond {
						t.Logf("%s %s: slow %v", lang, p, dur)
					}
					if dump != "" && lang == "zh-CN" {
						_ = os.WriteFile(dump+"/"+strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(p)+".html", []byte(body), 0o644)
					}
				}
				check("/md/"+ty.Path, code, body, dur)
				if ty.Of == "" || true {
					code, body, dur = get("/md/" + ty.Path + "/new")
					check("/md/"+ty.Path+"/new", code, body, dur)
				}
				m := regexp.MustCompile(`<tr data-id="(\d+)"`).FindStringSubmatch(body)
				_, lb, _ := get("/md/" + ty.Path)
				m = regexp.MustCompile(`<tr data-id="(\d+)"`).FindStringSubmatch(lb)
				if m == nil {
					t.Logf("%s: no rows", ty.Key)
					continue
				}
				p := "/md/" + ty.Path + "/" + m[1]
				code, body, dur = get(p)
				check(p, code, body, dur)
				for _, tab := range regexp.MustCompile(`data-testid="tab-([a-z_]+)"`).FindAllStringSubmatch(body, -1) {
					code, b2, dur := get(p + "?tab=" + tab[1])
					check(p+"?tab="+tab[1], code, b2, dur)
				}
			}
			code, body, dur := get("/search?q=" + url.QueryEscape("hz"))
			if code != 200 {
				t.Errorf("search %d", code)
			}
			t.Logf("search %v %d hits", dur, strings.Count(body, "<li>"))
		}
	})
}

func recordsSets() []db.MigrationSet { return nil }
