package identity

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/mail"
)

const (
	resetCodeTTL      = 15 * time.Minute
	resetMaxAttempts  = 5
	resetCodeNumerals = 6
)

// RequestReset mails a six-digit code to the user's address. It answers the
// same whether or not the tenant, user or address exists, so it cannot be
// used to probe accounts.
func (s *Service) RequestReset(ctx context.Context, tenantCode, login, ip string) error {
	if ok, wait := s.limiter.allow(ip); !ok {
		return errs.TooMany("auth.rate_limited", int(wait.Seconds())+1)
	}
	if strings.TrimSpace(login) == "" {
		return errs.Invalid(errs.Field("username", "field.required"))
	}
	var t tenantRow
	if err := s.db.Read().Get(ctx, &t, `SELECT id, code, status FROM tenants WHERE code = ?`, strings.TrimSpace(tenantCode)); err != nil || t.Status != "active" {
		return nil
	}
	var u secrets
	err := db.Tenant(s.db.Read(), t.ID).Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND kind = 'staff'
		AND (username = ? OR (email = ? AND email <> ''))`, t.ID, strings.TrimSpace(login), strings.TrimSpace(login))
	if err != nil || u.Status != StatusActive || u.Email == "" {
		return nil
	}
	code := numericCode(resetCodeNumerals)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, t.ID)
		now := db.Now()
		// A new code replaces any earlier one.
		if _, err := q.Exec(ctx, `UPDATE password_resets SET used_at = ? WHERE tenant_id = ? AND user_id = ? AND used_at IS NULL`, now, t.ID, u.ID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO password_resets (tenant_id, user_id, code_hash, attempts, created_at, expires_at)
			VALUES (?, ?, ?, 0, ?, ?)`, t.ID, u.ID, hashToken(code), now, now.Add(resetCodeTTL)); err != nil {
			return err
		}
		msg := mail.Message{
			To:      u.Email,
			Subject: s.cat.T(u.Locale, "reset.mail_subject", nil),
			Body:    s.cat.T(u.Locale, "reset.mail_body", map[string]any{"Name": u.DisplayName, "Code": code, "Minutes": int(resetCodeTTL.Minutes())}),
		}
		// Sent in the background: a request for an existing account must
		// take as long as one for a missing account, and a slow mail
		// server must not hold the request.
		tx.AfterCommit(func() {
			go func() {
				sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if err := s.mail.Send(sctx, msg); err != nil {
					slog.Error("password reset mail not sent", "tenant", t.Code, "user", u.ID, "err", err)
				}
			}()
		})
		return audit.Write(ctx, tx, audit.Event{TenantID: t.ID, ActorID: u.ID, ActorName: u.Username, IP: ip,
			Action: "password.reset_requested", RecordType: "user", RecordID: u.ID})
	})
}

// ConfirmReset sets a new password with a mailed code. A code works once,
// for 15 minutes, and five wrong tries void it.
func (s *Service) ConfirmReset(ctx context.Context, tenantCode, login, code, next, ip string) error {
	if ok, wait := s.limiter.allow(ip); !ok {
		return errs.TooMany("auth.rate_limited", int(wait.Seconds())+1)
	}
	var c errs.Collector
	if strings.TrimSpace(code) == "" {
		c.Add("code", "field.required")
	}
	if next == "" {
		c.Add("new_password", "field.required")
	}
	if err := c.Err(); err != nil {
		return err
	}
	bad := errs.Invalid(errs.Field("code", "reset.bad_code"))
	var t tenantRow
	if err := s.db.Read().Get(ctx, &t, `SELECT id, code, status FROM tenants WHERE code = ?`, strings.TrimSpace(tenantCode)); err != nil {
		return bad
	}
	var u secrets
	if err := db.Tenant(s.db.Read(), t.ID).Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND kind = 'staff'
		AND (username = ? OR (email = ? AND email <> ''))`, t.ID, strings.TrimSpace(login), strings.TrimSpace(login)); err != nil {
		return bad
	}
	var failed bool
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, t.ID)
		var r struct {
			ID       int64     `db:"id"`
			Hash     string    `db:"code_hash"`
			Attempts int       `db:"attempts"`
			Expires  time.Time `db:"expires_at"`
		}
		err := q.Get(ctx, &r, `SELECT id, code_hash, attempts, expires_at FROM password_resets WHERE tenant_id = ? AND user_id = ?
			AND used_at IS NULL ORDER BY id DESC LIMIT 1`+db.ForUpdate(tx), t.ID, u.ID)
		if db.IsNoRows(err) {
			return bad
		}
		if err != nil {
			return err
		}
		if s.now().After(r.Expires) || r.Attempts >= resetMaxAttempts {
			return errs.Invalid(errs.Field("code", "reset.expired"))
		}
		if hashToken(strings.TrimSpace(code)) != r.Hash {
			// Count the miss in this transaction and commit it: returning
			// the error would roll the count back.
			failed = true
			_, err := q.Exec(ctx, `UPDATE password_resets SET attempts = attempts + 1 WHERE tenant_id = ? AND id = ?`, t.ID, r.ID)
			return err
		}
		if err := s.setPassword(ctx, tx, t.ID, u.ID, "new_password", next, 0, true); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE password_resets SET used_at = ? WHERE tenant_id = ? AND id = ?`, db.Now(), t.ID, r.ID); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Event{TenantID: t.ID, ActorID: u.ID, ActorName: u.Username, IP: ip,
			Action: "password.reset", RecordType: "user", RecordID: u.ID})
	})
	if err == nil && failed {
		return bad
	}
	return err
}

func numericCode(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		fmt.Fprintf(&b, "%d", d.Int64())
	}
	return b.String()
}
