package identity

import (
	"context"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Tenant   string // tenant code; "" is the platform operator
	Username string
	Password string
	TOTP     string // TOTP or recovery code, when the user has MFA on
	IP       string
	Client   string
	// DeferMFA: the form flow asks for the code on a second page; the API
	// wants it in the same request.
	DeferMFA bool
}

// LoginResult is a successful sign-in, or a pending MFA step.
type LoginResult struct {
	Token       string
	ExpiresAt   time.Time
	UserID      int64
	TenantID    int64
	Locale      string
	MFAPending  bool // Token is a short-lived MFA challenge, not a session
	DisplayName string
}

type tenantRow struct {
	ID     int64  `db:"id"`
	Code   string `db:"code"`
	Status string `db:"status"`
}

// Login checks the tenant, the address, the password, the lockout and MFA,
// and opens a session. Every outcome is audited. Errors never tell whether
// the tenant or the user exists.
func (s *Service) Login(ctx context.Context, in LoginInput) (LoginResult, error) {
	if ok, wait := s.limiter.allow(in.IP); !ok {
		return LoginResult{}, errs.TooMany("auth.rate_limited", int(wait.Seconds())+1)
	}
	var c errs.Collector
	if strings.TrimSpace(in.Username) == "" {
		c.Add("username", "field.required")
	}
	if in.Password == "" {
		c.Add("password", "field.required")
	}
	if err := c.Err(); err != nil {
		return LoginResult{}, err
	}
	var t tenantRow
	err := s.db.Read().Get(ctx, &t, `SELECT id, code, status FROM tenants WHERE code = ?`, strings.TrimSpace(in.Tenant))
	if db.IsNoRows(err) || (err == nil && t.Status != "active") {
		VerifyPassword(dummyHash, in.Password)
		return LoginResult{}, errs.Unauthenticated("auth.invalid_credentials")
	}
	if err != nil {
		return LoginResult{}, err
	}
	pol, err := loadPolicy(ctx, s.db.Read(), t.ID)
	if err != nil {
		return LoginResult{}, err
	}
	fail := func(u *secrets, reason string) error {
		ev := audit.Event{TenantID: t.ID, ActorName: in.Username, IP: in.IP, Client: in.Client, Action: "auth.login_failed",
			RecordType: "user", Changes: []audit.Change{{Field: "reason", After: reason}}}
		if u != nil {
			ev.ActorID, ev.RecordID = u.ID, u.ID
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error { return audit.Write(ctx, tx, ev) })
	}
	if !ipAllowed(pol.IPAllowlist, in.IP) {
		if err := fail(nil, "ip_not_allowed"); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, errs.Forbidden("auth.ip_not_allowed")
	}
	var u secrets
	err = db.Tenant(s.db.Read(), t.ID).Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND username = ? AND kind = 'staff'`,
		t.ID, strings.TrimSpace(in.Username))
	if db.IsNoRows(err) {
		VerifyPassword(dummyHash, in.Password)
		if err := fail(nil, "unknown_user"); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, errs.Unauthenticated("auth.invalid_credentials")
	}
	if err != nil {
		return LoginResult{}, err
	}
	now := s.now()
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		if err := fail(&u, "locked"); err != nil {
			return LoginResult{}, err
		}
		mins := int(u.LockedUntil.Sub(now).Minutes()) + 1
		e := errs.TooMany("auth.locked", int(u.LockedUntil.Sub(now).Seconds())+1)
		e.(*errs.Error).Data = map[string]any{"Minutes": mins}
		return LoginResult{}, e
	}
	if !VerifyPassword(u.PasswordHash, in.Password) {
		return LoginResult{}, s.recordFailure(ctx, t.ID, &u, pol, in)
	}
	if u.Status != StatusActive {
		if err := fail(&u, "disabled"); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, errs.Unauthenticated("auth.invalid_credentials")
	}
	if u.TOTPEnabled {
		if in.TOTP == "" {
			if in.DeferMFA {
				return s.openMFAChallenge(ctx, t.ID, &u, in)
			}
			return LoginResult{}, errs.Unauthenticated("auth.mfa_required")
		}
		if err := s.checkSecondFactor(ctx, t.ID, &u, in.TOTP); err != nil {
			if ferr := fail(&u, "bad_totp"); ferr != nil {
				return LoginResult{}, ferr
			}
			return LoginResult{}, err
		}
	}
	return s.openSession(ctx, t.ID, &u, in, "auth.login")
}

// recordFailure counts a wrong password and locks the account at the
// policy's threshold. The increment is one UPDATE so concurrent attempts
// cannot lose a count.
func (s *Service) recordFailure(ctx context.Context, tenantID int64, u *secrets, pol Policy, in LoginInput) error {
	locked := false
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		var n int
		if err := q.Get(ctx, &n, `UPDATE users SET failed_logins = failed_logins + 1 WHERE tenant_id = ? AND id = ? RETURNING failed_logins`,
			tenantID, u.ID); err != nil {
			return err
		}
		reason := "bad_password"
		if n >= pol.LockoutThreshold {
			locked = true
			reason = "locked_now"
			until := db.Now().Add(time.Duration(pol.LockoutMinutes) * time.Minute)
			if _, err := q.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE tenant_id = ? AND id = ?`,
				until, tenantID, u.ID); err != nil {
				return err
			}
		}
		return audit.Write(ctx, tx, audit.Event{TenantID: tenantID, ActorID: u.ID, ActorName: u.Username, IP: in.IP, Client: in.Client,
			Action: "auth.login_failed", RecordType: "user", RecordID: u.ID,
			Changes: []audit.Change{{Field: "reason", After: reason}, {Field: "failed_logins", After: n}}})
	})
	if err != nil {
		return err
	}
	if locked {
		s.cache.purge()
	}
	return errs.Unauthenticated("auth.invalid_credentials")
}

func (s *Service) openSession(ctx context.Context, tenantID int64, u *secrets, in LoginInput, action string) (LoginResult, error) {
	res := LoginResult{UserID: u.ID, TenantID: tenantID, Locale: u.Locale, DisplayName: u.DisplayName}
	expires := db.Now().Add(s.cfg.SessionMaxAge)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		if _, err := q.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE tenant_id = ? AND id = ?`,
			db.Now(), tenantID, u.ID); err != nil {
			return err
		}
		token, id, err := s.createSession(ctx, tx, tenantID, u.ID, KindSession, "", in.IP, in.Client, &expires)
		if err != nil {
			return err
		}
		res.Token, res.ExpiresAt = token, expires
		return audit.Write(ctx, tx, audit.Event{TenantID: tenantID, ActorID: u.ID, ActorName: u.DisplayName, IP: in.IP,
			Client: in.Client, Action: action, RecordType: "session", RecordID: id})
	})
	return res, err
}

// openMFAChallenge stores a five-minute challenge after a correct password.
func (s *Service) openMFAChallenge(ctx context.Context, tenantID int64, u *secrets, in LoginInput) (LoginResult, error) {
	res := LoginResult{UserID: u.ID, TenantID: tenantID, Locale: u.Locale, MFAPending: true}
	expires := db.Now().Add(5 * time.Minute)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		token, _, err := s.createSession(ctx, tx, tenantID, u.ID, KindMFA, "", in.IP, in.Client, &expires)
		res.Token, res.ExpiresAt = token, expires
		return err
	})
	return res, err
}

// CompleteMFA exchanges a challenge and a TOTP (or recovery) code for a session.
func (s *Service) CompleteMFA(ctx context.Context, challenge, code, ip, client string) (LoginResult, error) {
	if ok, wait := s.limiter.allow(ip); !ok {
		return LoginResult{}, errs.TooMany("auth.rate_limited", int(wait.Seconds())+1)
	}
	var ch struct {
		ID        int64      `db:"id"`
		TenantID  int64      `db:"tenant_id"`
		UserID    int64      `db:"user_id"`
		ExpiresAt *time.Time `db:"expires_at"`
		Revoked   *time.Time `db:"revoked_at"`
	}
	err := s.db.Read().Get(ctx, &ch, `SELECT id, tenant_id, user_id, expires_at, revoked_at FROM auth_sessions
		WHERE token_hash = ? AND kind = 'mfa'`, hashToken(challenge))
	if db.IsNoRows(err) || (err == nil && (ch.Revoked != nil || ch.ExpiresAt == nil || s.now().After(*ch.ExpiresAt))) {
		return LoginResult{}, errs.Unauthenticated("auth.mfa_expired")
	}
	if err != nil {
		return LoginResult{}, err
	}
	var u secrets
	if err := db.Tenant(s.db.Read(), ch.TenantID).Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND id = ?`,
		ch.TenantID, ch.UserID); err != nil {
		return LoginResult{}, err
	}
	if u.Status != StatusActive {
		return LoginResult{}, errs.Unauthenticated("auth.invalid_credentials")
	}
	if err := s.checkSecondFactor(ctx, ch.TenantID, &u, code); err != nil {
		if aerr := s.db.InTx(ctx, func(tx *db.Tx) error {
			return audit.Write(ctx, tx, audit.Event{TenantID: ch.TenantID, ActorID: u.ID, ActorName: u.Username, IP: ip, Client: client,
				Action: "auth.login_failed", RecordType: "user", RecordID: u.ID, Changes: []audit.Change{{Field: "reason", After: "bad_totp"}}})
		}); aerr != nil {
			return LoginResult{}, aerr
		}
		return LoginResult{}, err
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := db.Tenant(tx, ch.TenantID).Exec(ctx, `UPDATE auth_sessions SET revoked_at = ? WHERE tenant_id = ? AND id = ?`,
			db.Now(), ch.TenantID, ch.ID)
		return err
	}); err != nil {
		return LoginResult{}, err
	}
	return s.openSession(ctx, ch.TenantID, &u, LoginInput{IP: ip, Client: client}, "auth.login")
}
