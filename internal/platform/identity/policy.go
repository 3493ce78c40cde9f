package identity

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// SettingsModule is the permission module for tenant security settings.
const SettingsModule = "settings"

// Policy is a tenant's password and sign-in policy.
type Policy struct {
	MinLength        int       `db:"min_length" json:"min_length"`
	MinClasses       int       `db:"min_classes" json:"min_classes"`
	ExpiryDays       int       `db:"expiry_days" json:"expiry_days"`
	History          int       `db:"history" json:"history"`
	LockoutThreshold int       `db:"lockout_threshold" json:"lockout_threshold"`
	LockoutMinutes   int       `db:"lockout_minutes" json:"lockout_minutes"`
	IdleMinutes      int       `db:"idle_minutes" json:"idle_minutes"`
	IPAllowlist      string    `db:"ip_allowlist" json:"ip_allowlist"`
	UpdatedAt        time.Time `db:"updated_at" json:"updated_at" audit:"-" readOnly:"true"`
	Version          int       `db:"version" json:"version" audit:"-"`
}

// DefaultPolicy applies until an admin changes it.
func DefaultPolicy() Policy {
	return Policy{MinLength: 8, MinClasses: 2, History: 3, LockoutThreshold: 5, LockoutMinutes: 15, IdleMinutes: 30, Version: 1}
}

func loadPolicy(ctx context.Context, q db.Querier, tenantID int64) (Policy, error) {
	var p Policy
	err := db.Tenant(q, tenantID).Get(ctx, &p, `SELECT min_length, min_classes, expiry_days, history, lockout_threshold,
		lockout_minutes, idle_minutes, ip_allowlist, updated_at, version FROM security_policies WHERE tenant_id = ?`, tenantID)
	if db.IsNoRows(err) {
		return DefaultPolicy(), nil
	}
	return p, err
}

func insertPolicy(ctx context.Context, tx *db.Tx, tenantID int64) error {
	p := DefaultPolicy()
	_, err := db.Tenant(tx, tenantID).Exec(ctx, `INSERT INTO security_policies (tenant_id, min_length, min_classes, expiry_days,
		history, lockout_threshold, lockout_minutes, idle_minutes, ip_allowlist, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1)`, tenantID, p.MinLength, p.MinClasses, p.ExpiryDays, p.History,
		p.LockoutThreshold, p.LockoutMinutes, p.IdleMinutes, db.Now())
	return err
}

// Policy returns the caller tenant's policy (settings.view).
func (s *Service) Policy(ctx context.Context, sc tenant.Scope) (Policy, error) {
	if !sc.Can(tenant.P(SettingsModule, tenant.View)) {
		return Policy{}, errs.Forbidden("forbidden")
	}
	return loadPolicy(ctx, s.db.Read(), sc.Tenant())
}

// UpdatePolicy changes the policy (settings.configure), checking version.
func (s *Service) UpdatePolicy(ctx context.Context, sc tenant.Scope, in Policy) (Policy, error) {
	if !sc.Can(tenant.P(SettingsModule, tenant.Configure)) {
		return Policy{}, errs.Forbidden("forbidden")
	}
	var c errs.Collector
	rng := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			c.Add(field, "field.range", "Min", lo, "Max", hi)
		}
	}
	rng("min_length", in.MinLength, 6, 64)
	rng("min_classes", in.MinClasses, 1, 4)
	rng("expiry_days", in.ExpiryDays, 0, 3650)
	rng("history", in.History, 0, 24)
	rng("lockout_threshold", in.LockoutThreshold, 1, 100)
	rng("lockout_minutes", in.LockoutMinutes, 1, 1440)
	rng("idle_minutes", in.IdleMinutes, 5, 1440)
	in.IPAllowlist = strings.TrimSpace(in.IPAllowlist)
	if _, err := parseAllowlist(in.IPAllowlist); err != nil {
		c.Add("ip_allowlist", "settings.bad_allowlist")
	} else if !ipAllowed(in.IPAllowlist, sc.IP()) {
		// Saving it would end every session of this admin at once.
		c.Add("ip_allowlist", "settings.allowlist_excludes_you", "IP", sc.IP())
	}
	if err := c.Err(); err != nil {
		return Policy{}, err
	}
	var out Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := loadPolicy(ctx, tx, sc.Tenant())
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return errs.Stale("stale")
		}
		res, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `UPDATE security_policies SET min_length = ?, min_classes = ?,
			expiry_days = ?, history = ?, lockout_threshold = ?, lockout_minutes = ?, idle_minutes = ?, ip_allowlist = ?,
			updated_at = ?, version = version + 1 WHERE tenant_id = ? AND version = ?`,
			in.MinLength, in.MinClasses, in.ExpiryDays, in.History, in.LockoutThreshold, in.LockoutMinutes,
			in.IdleMinutes, in.IPAllowlist, db.Now(), sc.Tenant(), in.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if out, err = loadPolicy(ctx, tx, sc.Tenant()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "settings.security", "security_policy", sc.Tenant(), audit.Diff(before, out)...)
	})
	if err == nil {
		s.cache.purge()
	}
	return out, err
}

// parseAllowlist reads one IP or CIDR per line or comma; empty allows all.
func parseAllowlist(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ' ' || r == '\r' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// ipAllowed applies the tenant's allowlist to a client address.
func ipAllowed(list, ip string) bool {
	prefixes, err := parseAllowlist(list)
	if err != nil || len(prefixes) == 0 {
		return err == nil
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
