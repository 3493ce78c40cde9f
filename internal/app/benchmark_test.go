package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/taihe-erp/taihe/bench/seed"
	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// benchApp wires the app on d with demo data and returns its handler and an
// admin bearer token.
func benchApp(b *testing.B, d *db.DB) (http.Handler, string) {
	b.Helper()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil))) // request logs would swamp the output
	ctx := context.Background()
	cfg := config.Defaults()
	cfg.LoginPerIP = 1000
	a, err := app.New(ctx, cfg, app.Options{DB: d})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	h := a.Handler()
	body, _ := json.Marshal(map[string]string{"tenant": "demo", "username": "admin", "password": app.DemoPassword})
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Token == "" {
		b.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	return h, out.Token
}

// BenchmarkMe measures an authenticated GET /api/v1/me through the whole
// middleware chain, in process (no network), on both databases.
func BenchmarkMe(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			d := benchDB(b, dialect)
			h, token := benchApp(b, d)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
					req.Header.Set("Authorization", "Bearer "+token)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						panic(fmt.Sprintf("status %d", rec.Code))
					}
				}
			})
		})
	}
}

func benchDB(b *testing.B, dialect string) *db.DB {
	if dialect == "sqlite" {
		return testdb.SQLite(b)
	}
	return testdb.Postgres(b)
}

// BenchmarkUserList measures the users list — the JSON API and the HTML page,
// each with its record count — for a tenant of 100,000 users, on both
// databases.
func BenchmarkUserList(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			d := benchDB(b, dialect)
			h, token := benchApp(b, d)
			if err := seed.Users(context.Background(), d, "demo", 100000); err != nil {
				b.Fatal(err)
			}
			for _, path := range []string{"/api/v1/users", "/api/v1/users?sort=display_name&page=50",
				"/admin/users", "/admin/users?sort=display_name&page=50"} {
				b.Run(path, func(b *testing.B) {
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						req := httptest.NewRequest(http.MethodGet, path, nil)
						req.Header.Set("Authorization", "Bearer "+token)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != 200 {
							b.Fatalf("status %d: %s", rec.Code, rec.Body)
						}
					}
				})
			}
		})
	}
}
