package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Session kinds in auth_sessions.
const (
	KindSession = "session" // signed in through the form or the login API
	KindAPI     = "api"     // personal API token
	KindMFA     = "mfa"     // password checked, waiting for the TOTP code
)

// Principal is a resolved session: the scope plus what the web layer needs
// to decide where the user may go.
type Principal struct {
	Scope           tenant.Scope
	SessionID       int64
	Kind            string
	Locale          string
	MustEnrolMFA    bool // a role requires MFA and the user has none yet
	PasswordExpired bool
	// allowlist is the tenant's sign-in allowlist, checked on every request
	// so a session or token opened elsewhere stops at the tenant's boundary.
	allowlist string
}

func newToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

func (s *Service) createSession(ctx context.Context, tx *db.Tx, tenantID, userID int64, kind, name, ip, client string, expires *time.Time) (string, int64, error) {
	token, hash := newToken()
	now := db.Now()
	id, err := db.Insert(ctx, db.Tenant(tx, tenantID), `INSERT INTO auth_sessions (tenant_id, user_id, kind, token_hash, name, ip,
		user_agent, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tenantID, userID, kind, hash, name, ip, truncate(client, 256), now, now, expires)
	return token, id, err
}

type sessionRow struct {
	ID         int64      `db:"id"`
	TenantID   int64      `db:"tenant_id"`
	UserID     int64      `db:"user_id"`
	Kind       string     `db:"kind"`
	LastSeen   time.Time  `db:"last_seen_at"`
	ExpiresAt  *time.Time `db:"expires_at"`
	RevokedAt  *time.Time `db:"revoked_at"`
	UserName   string     `db:"display_name"`
	UserStatus string     `db:"status"`
	Locale     string     `db:"locale"`
	DeptID     *int64     `db:"department_id"`
	TOTP       bool       `db:"totp_enabled"`
	ChangedAt  *time.Time `db:"password_changed_at"`
	TenantCode string     `db:"code"`
	TenantStat string     `db:"tenant_status"`
}

// Resolve turns a bearer or cookie token into a Principal, or
// errs.Unauthenticated. This lookup by token hash is the one query that runs
// before the tenant is known, so it reads the tables directly.
func (s *Service) Resolve(ctx context.Context, token, ip, client string) (Principal, error) {
	if token == "" {
		return Principal{}, errs.Unauthenticated("unauthenticated")
	}
	hash := hashToken(token)
	now := s.now()
	if p, ok := s.cache.get(hash, now); ok {
		if !ipAllowed(p.allowlist, ip) {
			return Principal{}, errs.Forbidden("auth.ip_not_allowed")
		}
		p.Scope = p.Scope.WithRequest(ip, client)
		return p, nil
	}
	var r sessionRow
	err := s.db.Read().Get(ctx, &r, `SELECT s.id, s.tenant_id, s.user_id, s.kind, s.last_seen_at, s.expires_at, s.revoked_at,
		u.display_name, u.status, u.locale, u.department_id, u.totp_enabled, u.password_changed_at, t.code, t.status AS tenant_status
		FROM auth_sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
		JOIN tenants t ON t.id = s.tenant_id WHERE s.token_hash = ?`, hash)
	if db.IsNoRows(err) {
		return Principal{}, errs.Unauthenticated("unauthenticated")
	}
	if err != nil {
		return Principal{}, err
	}
	if r.Kind == KindMFA || r.RevokedAt != nil || (r.ExpiresAt != nil && now.After(*r.ExpiresAt)) ||
		r.UserStatus != StatusActive || r.TenantStat != "active" {
		return Principal{}, errs.Unauthenticated("auth.session_ended")
	}
	pol, err := loadPolicy(ctx, s.db.Read(), r.TenantID)
	if err != nil {
		return Principal{}, err
	}
	if r.Kind == KindSession && now.Sub(r.LastSeen) > time.Duration(pol.IdleMinutes)*time.Minute {
		return Principal{}, errs.Unauthenticated("auth.session_idle")
	}
	if !ipAllowed(pol.IPAllowlist, ip) {
		return Principal{}, errs.Forbidden("auth.ip_not_allowed")
	}
	g, err := access.GrantsOf(ctx, s.db.Read(), r.TenantID, r.UserID)
	if err != nil {
		return Principal{}, err
	}
	if r.TenantCode == "" {
		// The operator's own actions (tenants created, suspended) are
		// audited in the platform tenant; the operator may read them.
		g.Perms = append(g.Perms, "audit.view", "audit.export")
	}
	var dept int64
	var tree []int64
	if r.DeptID != nil {
		dept = *r.DeptID
		if tree, err = deptTree(ctx, s.db.Read(), r.TenantID, dept); err != nil {
			return Principal{}, err
		}
	}
	p := Principal{
		Scope: tenant.NewScope(tenant.Params{
			TenantID: r.TenantID, TenantCode: r.TenantCode, ActorID: r.UserID, ActorName: r.UserName, DeptID: dept,
			Operator: r.TenantCode == "", Perms: g.Perms, Scopes: g.Scopes, DeptTree: tree, IP: ip, Client: client, Locale: r.Locale,
		}),
		SessionID:       r.ID,
		allowlist:       pol.IPAllowlist,
		Kind:            r.Kind,
		Locale:          r.Locale,
		MustEnrolMFA:    g.MFARequired && !r.TOTP,
		PasswordExpired: pol.ExpiryDays > 0 && r.ChangedAt != nil && now.After(r.ChangedAt.Add(time.Duration(pol.ExpiryDays)*24*time.Hour)),
	}
	// Touch at most once a minute: the idle timeout needs minutes, not a
	// write per request.
	if now.Sub(r.LastSeen) > time.Minute {
		if err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := db.Tenant(tx, r.TenantID).Exec(ctx, `UPDATE auth_sessions SET last_seen_at = ?, ip = ? WHERE tenant_id = ? AND id = ?`,
				db.Now(), ip, r.TenantID, r.ID)
			return err
		}); err != nil {
			return Principal{}, err
		}
	}
	s.cache.put(hash, p, now)
	return p, nil
}

// deptTree is the department and all below it.
func deptTree(ctx context.Context, q db.Querier, tenantID, dept int64) ([]int64, error) {
	var ids []int64
	err := db.Tenant(q, tenantID).Select(ctx, &ids, `WITH RECURSIVE t(id) AS (
		SELECT id FROM departments WHERE tenant_id = ? AND id = ?
		UNION ALL SELECT d.id FROM departments d JOIN t ON d.parent_id = t.id WHERE d.tenant_id = ?)
		SELECT id FROM t`, tenantID, dept, tenantID)
	return ids, err
}

// SessionInfo is one row of "my sessions" or "my tokens".
type SessionInfo struct {
	ID         int64      `db:"id" json:"id"`
	Kind       string     `db:"kind" json:"kind"`
	Name       string     `db:"name" json:"name"`
	IP         string     `db:"ip" json:"ip"`
	UserAgent  string     `db:"user_agent" json:"user_agent"`
	CreatedAt  time.Time  `db:"created_at" json:"created_at"`
	LastSeenAt time.Time  `db:"last_seen_at" json:"last_seen_at"`
	ExpiresAt  *time.Time `db:"expires_at" json:"expires_at"`
	Current    bool       `db:"-" json:"current"`
}

// MySessions lists the caller's live sessions (kind session) or tokens (kind api).
func (s *Service) MySessions(ctx context.Context, p Principal, kind string) ([]SessionInfo, error) {
	sc := p.Scope
	var out []SessionInfo
	err := db.Tenant(s.db.Read(), sc.Tenant()).Select(ctx, &out, `SELECT id, kind, name, ip, user_agent, created_at, last_seen_at, expires_at
		FROM auth_sessions WHERE tenant_id = ? AND user_id = ? AND kind = ? AND revoked_at IS NULL
		AND (expires_at IS NULL OR expires_at > ?) ORDER BY last_seen_at DESC`, sc.Tenant(), sc.Actor(), kind, db.Now())
	for i := range out {
		out[i].Current = out[i].ID == p.SessionID
	}
	if out == nil {
		out = []SessionInfo{}
	}
	return out, err
}

// RevokeSession ends one of the caller's sessions or tokens.
func (s *Service) RevokeSession(ctx context.Context, sc tenant.Scope, id int64) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `UPDATE auth_sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ?
			AND id = ? AND revoked_at IS NULL AND kind IN ('session', 'api')`, db.Now(), sc.Tenant(), sc.Actor(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.NotFound("not_found")
		}
		return audit.Record(ctx, tx, sc, "session.revoke", "session", id)
	})
	if err == nil {
		s.cache.purge()
	}
	return err
}

// Logout ends the current session.
func (s *Service) Logout(ctx context.Context, p Principal) error {
	if p.Kind != KindSession {
		return nil
	}
	return s.RevokeSession(ctx, p.Scope, p.SessionID)
}

// CreateToken makes a personal API token; the token is returned once only.
func (s *Service) CreateToken(ctx context.Context, sc tenant.Scope, name string, expires *time.Time) (string, SessionInfo, error) {
	if len([]rune(name)) == 0 {
		return "", SessionInfo{}, errs.Invalid(errs.Field("name", "field.required"))
	}
	if len([]rune(name)) > 64 {
		return "", SessionInfo{}, errs.Invalid(errs.Field("name", "field.too_long", "Max", 64))
	}
	if expires != nil && !expires.After(s.now()) {
		return "", SessionInfo{}, errs.Invalid(errs.Field("expires_at", "tokens.expiry_past"))
	}
	var token string
	var info SessionInfo
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var id int64
		var err error
		if token, id, err = s.createSession(ctx, tx, sc.Tenant(), sc.Actor(), KindAPI, name, sc.IP(), sc.Client(), expires); err != nil {
			return err
		}
		if err := db.Tenant(tx, sc.Tenant()).Get(ctx, &info, `SELECT id, kind, name, ip, user_agent, created_at, last_seen_at, expires_at
			FROM auth_sessions WHERE tenant_id = ? AND id = ?`, sc.Tenant(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "token.create", "session", id, audit.Change{Field: "name", After: name})
	})
	return token, info, err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
