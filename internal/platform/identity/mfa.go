package identity

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

const totpPeriod = 30

// Enrolment is what the MFA page shows while the user sets up an app.
type Enrolment struct {
	Secret string `json:"secret"`
	URL    string `json:"otpauth_url"`
	QRPNG  []byte `json:"-"`
}

// BeginTOTP creates a new secret for the caller, not yet active.
func (s *Service) BeginTOTP(ctx context.Context, sc tenant.Scope) (Enrolment, error) {
	u, err := s.Me(ctx, sc)
	if err != nil {
		return Enrolment{}, err
	}
	if u.MFAEnabled {
		return Enrolment{}, errs.Conflict("mfa.already_enabled")
	}
	account := u.Username
	if sc.TenantCode() != "" {
		account = sc.TenantCode() + "/" + u.Username
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Taihe", AccountName: account, Period: totpPeriod, Digits: otp.DigitsSix})
	if err != nil {
		return Enrolment{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `UPDATE users SET totp_secret = ?, totp_enabled = FALSE WHERE tenant_id = ? AND id = ?`,
			key.Secret(), sc.Tenant(), sc.Actor())
		return err
	})
	if err != nil {
		return Enrolment{}, err
	}
	img, err := key.Image(220, 220)
	if err != nil {
		return Enrolment{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// ConfirmTOTP activates MFA once the app produces a valid code, and returns
// ten one-time recovery codes, shown once.
func (s *Service) ConfirmTOTP(ctx context.Context, sc tenant.Scope, code string) ([]string, error) {
	var codes []string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		var u secrets
		if err := q.Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND id = ?`+db.ForUpdate(tx), sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		if u.TOTPEnabled {
			return errs.Conflict("mfa.already_enabled")
		}
		if u.TOTPSecret == "" {
			return errs.Conflict("mfa.not_started")
		}
		step, ok := matchStep(u.TOTPSecret, code, s.now(), u.TOTPLastStep)
		if !ok {
			return errs.Invalid(errs.Field("code", "mfa.bad_code"))
		}
		if _, err := q.Exec(ctx, `UPDATE users SET totp_enabled = TRUE, totp_last_step = ?, updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ?`, step, db.Now(), sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM recovery_codes WHERE tenant_id = ? AND user_id = ?`, sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		for i := 0; i < 10; i++ {
			c := recoveryCode()
			codes = append(codes, c)
			if _, err := q.Exec(ctx, `INSERT INTO recovery_codes (tenant_id, user_id, code_hash) VALUES (?, ?, ?)`,
				sc.Tenant(), sc.Actor(), hashToken(normalizeRecovery(c))); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, sc, "mfa.enable", "user", sc.Actor(), audit.Change{Field: "mfa_enabled", Before: false, After: true})
	})
	if err == nil {
		s.cache.purge()
	}
	return codes, err
}

// DisableTOTP turns MFA off for the caller after checking the password.
func (s *Service) DisableTOTP(ctx context.Context, sc tenant.Scope, password string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		var u secrets
		if err := q.Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND id = ?`, sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		if !VerifyPassword(u.PasswordHash, password) {
			return errs.Invalid(errs.Field("password", "password.wrong"))
		}
		if _, err := q.Exec(ctx, `UPDATE users SET totp_enabled = FALSE, totp_secret = '', updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ?`, db.Now(), sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM recovery_codes WHERE tenant_id = ? AND user_id = ?`, sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "mfa.disable", "user", sc.Actor(), audit.Change{Field: "mfa_enabled", Before: true, After: false})
	})
	if err == nil {
		s.cache.purge()
	}
	return err
}

// checkSecondFactor accepts a TOTP code whose time step was not used before
// (a code seen once cannot be replayed), or an unused recovery code.
func (s *Service) checkSecondFactor(ctx context.Context, tenantID int64, u *secrets, code string) error {
	code = strings.TrimSpace(code)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		var last int64
		if err := q.Get(ctx, &last, `SELECT totp_last_step FROM users WHERE tenant_id = ? AND id = ?`+db.ForUpdate(tx), tenantID, u.ID); err != nil {
			return err
		}
		if step, ok := matchStep(u.TOTPSecret, code, s.now(), last); ok {
			_, err := q.Exec(ctx, `UPDATE users SET totp_last_step = ? WHERE tenant_id = ? AND id = ?`, step, tenantID, u.ID)
			return err
		}
		res, err := q.Exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE tenant_id = ? AND user_id = ? AND code_hash = ? AND used_at IS NULL`,
			db.Now(), tenantID, u.ID, hashToken(normalizeRecovery(code)))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return audit.Write(ctx, tx, audit.Event{TenantID: tenantID, ActorID: u.ID, ActorName: u.DisplayName,
				Action: "mfa.recovery_code_used", RecordType: "user", RecordID: u.ID})
		}
		return errs.Invalid(errs.Field("totp", "mfa.bad_code"))
	})
}

// matchStep finds the time step (±1 for clock drift) whose code matches and
// that is newer than the last one used.
func matchStep(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && want == code {
			return step, true
		}
	}
	return 0, false
}

func recoveryCode() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	s := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return fmt.Sprintf("%s-%s", s[:4], s[4:])
}

func normalizeRecovery(c string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(c), "-", ""))
}

// ResetMFA turns another user's TOTP off (users.edit), for a user who lost
// both the phone and the recovery codes. Their sessions end; they sign in
// with the password and enrol again.
func (s *Service) ResetMFA(ctx context.Context, sc tenant.Scope, userID int64) error {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		vis, args := visibility(sc)
		u, err := getUser(ctx, q, userID, vis, args...)
		if err != nil {
			return err
		}
		if !u.MFAEnabled {
			return errs.Conflict("mfa.not_enabled")
		}
		if _, err := q.Exec(ctx, `UPDATE users SET totp_enabled = FALSE, totp_secret = '', updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ?`, db.Now(), q.Tenant, userID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM recovery_codes WHERE tenant_id = ? AND user_id = ?`, q.Tenant, userID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE auth_sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND kind = 'session'
			AND revoked_at IS NULL`, db.Now(), q.Tenant, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "mfa.reset", "user", userID, audit.Change{Field: "mfa_enabled", Before: true, After: false})
	})
	if err == nil {
		s.cache.purge()
	}
	return err
}
