package identity

import (
	"time"
)

// User statuses.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// User is a staff (later also portal) account. Secrets never leave the store.
type User struct {
	ID                int64      `db:"id" json:"id"`
	Username          string     `db:"username" json:"username"`
	DisplayName       string     `db:"display_name" json:"display_name"`
	Email             string     `db:"email" json:"email"`
	Phone             string     `db:"phone" json:"phone"`
	DepartmentID      *int64     `db:"department_id" json:"department_id"`
	DepartmentName    string     `db:"department_name" json:"department_name" audit:"-"`
	Status            string     `db:"status" json:"status"`
	Locale            string     `db:"locale" json:"locale"`
	MFAEnabled        bool       `db:"totp_enabled" json:"mfa_enabled"`
	RoleIDs           []int64    `db:"-" json:"role_ids" audit:"-"` // role changes have their own audit row (user.roles)
	LastLoginAt       *time.Time `db:"last_login_at" json:"last_login_at" audit:"-"`
	PasswordChangedAt *time.Time `db:"password_changed_at" json:"-" audit:"-"`
	CreatedAt         time.Time  `db:"created_at" json:"created_at" audit:"-"`
	UpdatedAt         time.Time  `db:"updated_at" json:"updated_at" audit:"-"`
	Version           int        `db:"version" json:"version" audit:"-"`
}

// userCols selects a User joined with its department name.
const userCols = `u.id, u.username, u.display_name, u.email, u.phone, u.department_id,
	COALESCE(d.name, '') AS department_name, u.status, u.locale, u.totp_enabled, u.last_login_at,
	u.password_changed_at, u.created_at, u.updated_at, u.version`

const userFrom = ` FROM users u LEFT JOIN departments d ON d.id = u.department_id AND d.tenant_id = u.tenant_id`

// secrets is the part of a user row that only sign-in code reads.
type secrets struct {
	ID           int64      `db:"id"`
	TenantID     int64      `db:"tenant_id"`
	Username     string     `db:"username"`
	DisplayName  string     `db:"display_name"`
	Email        string     `db:"email"`
	Status       string     `db:"status"`
	Locale       string     `db:"locale"`
	Kind         string     `db:"kind"`
	PasswordHash string     `db:"password_hash"`
	ChangedAt    *time.Time `db:"password_changed_at"`
	Failed       int        `db:"failed_logins"`
	LockedUntil  *time.Time `db:"locked_until"`
	TOTPSecret   string     `db:"totp_secret"`
	TOTPEnabled  bool       `db:"totp_enabled"`
	TOTPLastStep int64      `db:"totp_last_step"`
	DeptID       *int64     `db:"department_id"`
}

const secretCols = `id, tenant_id, username, display_name, email, status, locale, kind, password_hash,
	password_changed_at, failed_logins, locked_until, totp_secret, totp_enabled, totp_last_step, department_id`
