package identity

import (
	"context"
	"net/mail"
	"regexp"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// usernamePattern is PRODUCT.md's default: 4–16 letters or digits.
var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{3,15}$`)

// UserInput is what an admin sets on a user. Nil pointers mean "unchanged"
// on update; Password is only read on create.
type UserInput struct {
	Username     string  `json:"username,omitempty" doc:"Required on create; ignored on update (a username never changes)"`
	DisplayName  *string `json:"display_name,omitempty"`
	Email        *string `json:"email,omitempty"`
	Phone        *string `json:"phone,omitempty"`
	DepartmentID *int64  `json:"department_id,omitempty"`
	Locale       *string `json:"locale,omitempty"`
	RoleIDs      []int64 `json:"role_ids,omitempty"`
	Password     string  `json:"password,omitempty"`
}

func (s *Service) validateUser(ctx context.Context, q db.Scoped, in *UserInput, creating bool, c *errs.Collector) {
	if creating {
		in.Username = strings.TrimSpace(in.Username)
		if in.Username == "" {
			c.Add("username", "field.required")
		} else if !usernamePattern.MatchString(in.Username) {
			c.Add("username", "users.username_format")
		}
		if in.DisplayName == nil || strings.TrimSpace(*in.DisplayName) == "" {
			c.Add("display_name", "field.required")
		}
	}
	if in.DisplayName != nil {
		v := strings.TrimSpace(*in.DisplayName)
		in.DisplayName = &v
		if v == "" && !creating {
			c.Add("display_name", "field.required")
		} else if len([]rune(v)) > 64 {
			c.Add("display_name", "field.too_long", "Max", 64)
		}
	}
	if in.Email != nil {
		v := strings.TrimSpace(*in.Email)
		in.Email = &v
		if v != "" {
			if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
				c.Add("email", "field.invalid_email")
			}
		}
	}
	if in.Phone != nil {
		v := strings.TrimSpace(*in.Phone)
		in.Phone = &v
		if len(v) > 32 || strings.Trim(v, "0123456789+- ") != "" {
			c.Add("phone", "field.invalid")
		}
	}
	if in.Locale != nil && !contains(i18n.Supported, *in.Locale) {
		c.Add("locale", "field.invalid")
	}
	if in.DepartmentID != nil && *in.DepartmentID != 0 {
		var n int
		if err := q.Get(ctx, &n, `SELECT count(*) FROM departments WHERE tenant_id = ? AND id = ?`, q.Tenant, *in.DepartmentID); err != nil || n == 0 {
			c.Add("department_id", "field.unknown")
		}
	}
}

// Create adds a user with a first password and roles (users.create).
func (s *Service) Create(ctx context.Context, sc tenant.Scope, in UserInput) (User, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return User{}, errs.Forbidden("forbidden")
	}
	var out User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		var c errs.Collector
		s.validateUser(ctx, q, &in, true, &c)
		pol, err := loadPolicy(ctx, tx, sc.Tenant())
		if err != nil {
			return err
		}
		if in.Password == "" {
			c.Add("password", "field.required")
		} else if fe := weakness(pol, "password", in.Password); fe != nil {
			c.AddField(*fe)
		}
		if err := c.Err(); err != nil {
			return err
		}
		id, err := insertUser(ctx, q, in, HashPassword(in.Password))
		if db.IsUniqueViolation(err) {
			return errs.Invalid(errs.Field("username", "users.username_taken"))
		}
		if err != nil {
			return err
		}
		if err := access.SetUserRoles(ctx, tx, sc, id, in.RoleIDs); err != nil {
			return err
		}
		if out, err = getUser(ctx, q, id, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "user.create", "user", id, audit.Diff(User{}, out)...)
	})
	return s.mask(sc, out), err
}

func insertUser(ctx context.Context, q db.Scoped, in UserInput, hash string) (int64, error) {
	t := db.Now()
	var dept any
	if in.DepartmentID != nil && *in.DepartmentID != 0 {
		dept = *in.DepartmentID
	}
	loc := i18n.Default
	if in.Locale != nil {
		loc = *in.Locale
	}
	id, err := db.Insert(ctx, q, `INSERT INTO users (tenant_id, kind, username, display_name, email, phone, department_id,
		status, locale, password_hash, password_changed_at, created_at, updated_at, version)
		VALUES (?, 'staff', ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, 1)`,
		q.Tenant, in.Username, deref(in.DisplayName), deref(in.Email), deref(in.Phone), dept, loc, hash, t, t, t)
	if err != nil {
		return 0, err
	}
	_, err = q.Exec(ctx, `INSERT INTO password_history (tenant_id, user_id, hash, created_at) VALUES (?, ?, ?, ?)`, q.Tenant, id, hash, t)
	return id, err
}

// getUser loads one user; visibility is an extra SQL condition from the data scope.
func getUser(ctx context.Context, q db.Scoped, id int64, visibility string, args ...any) (User, error) {
	var u User
	err := q.Get(ctx, &u, `SELECT `+userCols+userFrom+` WHERE u.tenant_id = ? AND u.id = ? AND u.kind = 'staff'`+visibility,
		append([]any{q.Tenant, id}, args...)...)
	if db.IsNoRows(err) {
		return User{}, errs.NotFound("not_found")
	}
	if err != nil {
		return User{}, err
	}
	u.RoleIDs, err = access.UserRoleIDs(ctx, q.Q, q.Tenant, id)
	return u, err
}

// visibility is the users data scope: owner is the user itself, department its department.
func visibility(sc tenant.Scope) (string, []any) {
	return sc.Visibility(Module, "u.id", "u.department_id")
}

// Get returns a user visible to the caller (users.view).
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id int64) (User, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return User{}, errs.Forbidden("forbidden")
	}
	vis, args := visibility(sc)
	u, err := getUser(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id, vis, args...)
	return s.mask(sc, u), err
}

// Me returns the caller's own record; needs no permission.
func (s *Service) Me(ctx context.Context, sc tenant.Scope) (User, error) {
	return getUser(ctx, db.Tenant(s.db.Read(), sc.Tenant()), sc.Actor(), "")
}

// mask hides the phone without users.unmask.
func (s *Service) mask(sc tenant.Scope, u User) User {
	if u.ID != sc.Actor() {
		u.Phone = access.Masked(sc, Module, u.Phone)
	}
	return u
}

// UserListSpec is what the users list may sort and filter by.
var UserListSpec = list.Spec{
	Sorts: map[string]string{"id": "u.id", "username": "u.username", "display_name": "u.display_name",
		"created_at": "u.created_at", "status": "u.status"},
	DefaultSort: "-id",
	Filters:     map[string]string{"status": "u.status", "department_id": "u.department_id"},
	Search:      []string{"u.username", "u.display_name", "u.email"},
	ID:          "u.id",
}

// List returns a page of users (users.view), scoped by data scope.
func (s *Service) List(ctx context.Context, sc tenant.Scope, lq list.Query) (list.Page[User], error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return list.Page[User]{}, errs.Forbidden("forbidden")
	}
	return s.page(ctx, sc, lq, true)
}

// page reads one page; count is false when walking every page (export),
// where the total is not shown and would be counted again on each page.
func (s *Service) page(ctx context.Context, sc tenant.Scope, lq list.Query, count bool) (list.Page[User], error) {
	var p list.Page[User]
	rq := s.db.Read()
	b, err := UserListSpec.Build(lq, db.ILike(rq))
	if err != nil {
		return p, err
	}
	q := db.Tenant(rq, sc.Tenant())
	vis, vargs := visibility(sc)
	where := ` WHERE u.tenant_id = ? AND u.kind = 'staff'` + vis
	args := append([]any{sc.Tenant()}, vargs...)
	// The count needs no join: every filter is on users, and the
	// (tenant_id, kind, status, department_id) index then covers it.
	if count {
		if err := q.Get(ctx, &p.Total, `SELECT count(*) FROM users u`+where+b.CountWhr, append(args, b.CountArgs...)...); err != nil {
			return p, err
		}
	}
	if err := q.Select(ctx, &p.Items, `SELECT `+userCols+userFrom+where+b.Where+b.Order, append(args, b.Args...)...); err != nil {
		return p, err
	}
	p.Limit, p.PageNum = b.Limit, b.PageNum
	if len(p.Items) > b.Limit {
		p.Items = p.Items[:b.Limit]
		last := p.Items[len(p.Items)-1]
		p.NextCursor = list.Cursor(sortValue(lq.Sort, UserListSpec.DefaultSort, last), last.ID)
	}
	for i := range p.Items {
		p.Items[i] = s.mask(sc, p.Items[i])
		p.Items[i].RoleIDs = []int64{}
	}
	if p.Items == nil {
		p.Items = []User{}
	}
	return p, nil
}

func sortValue(sort, def string, u User) any {
	if sort == "" {
		sort = def
	}
	switch strings.TrimPrefix(sort, "-") {
	case "username":
		return u.Username
	case "display_name":
		return u.DisplayName
	case "created_at":
		return u.CreatedAt
	case "status":
		return u.Status
	}
	return u.ID
}

// Update edits a user (users.edit) if version still matches.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id int64, version int, in UserInput) (User, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return User{}, errs.Forbidden("forbidden")
	}
	var out User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		vis, args := visibility(sc)
		before, err := getUser(ctx, q, id, vis, args...)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.Stale("stale")
		}
		if in.Phone != nil && !sc.Can(tenant.P(Module, tenant.Unmask)) && *in.Phone == access.MaskPhone(before.Phone) {
			// The caller saw only the masked phone and sent it back as is.
			in.Phone = nil
		}
		var c errs.Collector
		s.validateUser(ctx, q, &in, false, &c)
		if err := c.Err(); err != nil {
			return err
		}
		after := before
		if in.DisplayName != nil {
			after.DisplayName = *in.DisplayName
		}
		if in.Email != nil {
			after.Email = *in.Email
		}
		if in.Phone != nil {
			after.Phone = *in.Phone
		}
		if in.Locale != nil {
			after.Locale = *in.Locale
		}
		if in.DepartmentID != nil {
			after.DepartmentID = in.DepartmentID
			if *in.DepartmentID == 0 {
				after.DepartmentID = nil
			}
		}
		res, err := q.Exec(ctx, `UPDATE users SET display_name = ?, email = ?, phone = ?, locale = ?, department_id = ?,
			updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?`,
			after.DisplayName, after.Email, after.Phone, after.Locale, after.DepartmentID, db.Now(), q.Tenant, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if in.RoleIDs != nil {
			if err := access.SetUserRoles(ctx, tx, sc, id, in.RoleIDs); err != nil {
				return err
			}
		}
		if out, err = getUser(ctx, q, id, ""); err != nil {
			return err
		}
		if ch := audit.Diff(before, out); len(ch) > 0 {
			return audit.Record(ctx, tx, sc, "user.update", "user", id, ch...)
		}
		return nil
	})
	if err == nil {
		s.cache.purge()
	}
	return s.mask(sc, out), err
}

// UpdateLocale sets the caller's own language (the header switch).
func (s *Service) UpdateLocale(ctx context.Context, sc tenant.Scope, locale string) error {
	if !contains(i18n.Supported, locale) {
		return errs.Invalid(errs.Field("locale", "field.invalid"))
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		before, err := getUser(ctx, q, sc.Actor(), "")
		if err != nil {
			return err
		}
		if before.Locale == locale {
			return nil
		}
		if _, err := q.Exec(ctx, `UPDATE users SET locale = ?, updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?`,
			locale, db.Now(), q.Tenant, sc.Actor()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "user.locale", "user", sc.Actor(), audit.Change{Field: "locale", Before: before.Locale, After: locale})
	})
	if err == nil {
		s.cache.purge()
	}
	return err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
