package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// Idempotency makes POST /api/v1/… with an Idempotency-Key safe to retry:
// the first response is stored with the request's hash; the same key and
// body replay it without running the handler again; the same key with
// another body is 422; a retry while the first is still running is 409.
// The key is reserved before the handler runs, so two concurrent retries
// cannot both create.
func (s *Server) Idempotency(d *db.DB) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := r.Header.Get("Idempotency-Key")
			p, signed := PrincipalFrom(r.Context())
			if key == "" || r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/api/v1/") || !signed {
				next.ServeHTTP(w, r)
				return
			}
			if len(key) > 128 {
				s.Fail(w, r, errs.Invalid(errs.Field("Idempotency-Key", "field.too_long", "Max", 128)))
				return
			}
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 10<<20))
			if err != nil {
				s.Fail(w, r, errs.BadRequest("too_large"))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			sum := sha256.Sum256(append([]byte(r.URL.Path+"\n"), body...))
			hash := hex.EncodeToString(sum[:])
			sc := p.Scope
			ctx := r.Context()
			type stored struct {
				Hash     string `db:"request_hash"`
				Status   int    `db:"status"`
				Location string `db:"location"`
				Body     string `db:"body"`
			}
			var prev stored
			reserved := false
			err = d.InTx(ctx, func(tx *db.Tx) error {
				q := db.Tenant(tx, sc.Tenant())
				err := q.Get(ctx, &prev, `SELECT request_hash, status, location, body FROM idempotency_keys
					WHERE tenant_id = ? AND user_id = ? AND key = ?`, sc.Tenant(), sc.Actor(), key)
				if err == nil {
					return nil
				}
				if !db.IsNoRows(err) {
					return err
				}
				reserved = true
				_, err = q.Exec(ctx, `INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, status, created_at)
					VALUES (?, ?, ?, ?, 0, ?)`, sc.Tenant(), sc.Actor(), key, hash, db.Now())
				return err
			})
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			if !reserved {
				switch {
				case prev.Hash != hash:
					s.Fail(w, r, errs.Invalid(errs.Field("Idempotency-Key", "idempotency.mismatch")))
				case prev.Status == 0:
					s.Fail(w, r, errs.Conflict("idempotency.in_progress"))
				default:
					if prev.Location != "" {
						w.Header().Set("Location", prev.Location)
					}
					w.Header().Set("Content-Type", "application/json")
					w.Header().Set("Idempotent-Replayed", "true")
					w.WriteHeader(prev.Status)
					_, _ = io.WriteString(w, prev.Body)
				}
				return
			}
			rec := &recorder{ResponseWriter: w, status: 200}
			next.ServeHTTP(rec, r)
			save := func(tx *db.Tx) error {
				q := db.Tenant(tx, sc.Tenant())
				if rec.status >= 500 {
					// A failed attempt may be retried with the same key.
					_, err := q.Exec(context.Background(), `DELETE FROM idempotency_keys WHERE tenant_id = ? AND user_id = ? AND key = ?`,
						sc.Tenant(), sc.Actor(), key)
					return err
				}
				_, err := q.Exec(context.Background(), `UPDATE idempotency_keys SET status = ?, location = ?, body = ?
					WHERE tenant_id = ? AND user_id = ? AND key = ?`, rec.status, rec.Header().Get("Location"), rec.body.String(),
					sc.Tenant(), sc.Actor(), key)
				return err
			}
			_ = d.InTx(context.Background(), save)
		})
	}
}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
