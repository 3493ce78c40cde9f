package records

import (
	"context"
	"slices"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// validate checks what needs the database: required fields, dictionary
// items, references, users, unique values, the tree, the owner and the
// shared-with lists. Values that did not change on update are not checked
// again (an inactive dictionary item or a reference that left the caller's
// scope may stay). Every problem goes to ch.c.
func (s *Service) validate(ctx context.Context, tx *db.Tx, sc tenant.Scope, m *meta, ch *change) error {
	q := db.Tenant(tx, sc.Tenant())
	cache := s.txCache(tx, sc)
	if m.t == DictItems {
		s.checkDictKey(ch)
	}
	for _, f := range m.fields {
		name := f.Name
		if ch.failed[name] || ch.hidden[name] {
			continue
		}
		v := ch.vals[name]
		if isEmpty(v) {
			if f.Required && f.Kind != Bool && !(f.Kind == Code && ch.creating() && m.t.DocType != "") {
				ch.c.Add(name, "field.required")
			}
			continue
		}
		if !ch.given[name] || !ch.changed(name) {
			continue
		}
		var (
			code string
			err  error
		)
		switch f.Kind {
		case Dict:
			var ok bool
			if ok, err = s.dictActive(ctx, q, f.Dict, v.(string)); !ok {
				code = "field.unknown"
			}
		case Tags:
			var before []string
			if ch.old != nil {
				before, _ = ch.old.Values[name].([]string)
			}
			for _, tag := range v.([]string) {
				if slices.Contains(before, tag) {
					continue
				}
				var ok bool
				if ok, err = s.dictActive(ctx, q, f.Dict, tag); err != nil || !ok {
					code = "field.unknown"
					break
				}
			}
		case Ref:
			tm := s.meta(s.refType(f))
			var ok bool
			if ok, err = s.refVisible(ctx, q, sc, cache, tm, v.(int64)); !ok {
				code = "field.unknown_ref"
			}
		case User:
			var ok bool
			if _, ok, err = s.activeUser(ctx, q, cache, v.(int64)); !ok {
				code = "field.unknown"
			}
		}
		if err != nil {
			return err
		}
		if code == "" && (f.Unique || f.Kind == Code) {
			var taken bool
			if taken, err = s.taken(ctx, q, m, name, v, ch); err != nil {
				return err
			}
			if taken {
				code = "field.taken"
			}
		}
		if code != "" {
			ch.c.Add(name, code)
			ch.failed[name] = true
		}
	}
	if m.t.Parent != "" {
		if err := s.checkTree(ctx, q, m, ch); err != nil {
			return err
		}
	}
	if m.t.Owned {
		return s.checkOwner(ctx, q, cache, ch)
	}
	return nil
}

func (s *Service) refType(f Field) *Type {
	t, _ := s.reg.Type(f.Ref)
	return t
}

// taken reports whether another record of the tenant holds the value. It
// runs before the write: on PostgreSQL a failed INSERT would abort the
// caller's transaction (an import's).
func (s *Service) taken(ctx context.Context, q db.Scoped, m *meta, field string, v any, ch *change) (bool, error) {
	var except int64
	if ch.old != nil {
		except = ch.old.ID
	}
	if b := batchOf(ctx); b != nil && b.pendingTaken(m, field, v) {
		return true, nil // a new row of the same batch, not yet written
	}
	var ids []int64
	err := q.Select(ctx, &ids, "SELECT id FROM "+m.key()+" WHERE tenant_id = ? AND "+field+" = ? AND id <> ? LIMIT 1",
		q.Tenant, v, except)
	return len(ids) > 0, err
}

// refVisible reports whether id is a record of tm that sc may see.
func (s *Service) refVisible(ctx context.Context, q db.Scoped, sc tenant.Scope, cache *txCache, tm *meta, id int64) (bool, error) {
	k := refKey{typ: tm.key(), id: id}
	if cache.refs[k] {
		return true, nil
	}
	if b := batchOf(ctx); b != nil && b.pendingID(tm, id) {
		if err := b.flushInserts(ctx, tm); err != nil { // a row of the batch: written before it is referred to
			return false, err
		}
	}
	vis, args := s.vis(tm, sc, "t")
	var ids []int64
	err := q.Select(ctx, &ids, "SELECT t.id FROM "+tm.key()+" t WHERE t.tenant_id = ? AND t.id = ?"+vis,
		append([]any{q.Tenant, id}, args...)...)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	cache.refs[k] = true
	return true, nil
}

// activeUser reports whether id is an active staff user of the tenant, and
// their department.
func (s *Service) activeUser(ctx context.Context, q db.Scoped, cache *txCache, id int64) (dept int64, ok bool, err error) {
	if d, hit := cache.users[id]; hit {
		return d, true, nil
	}
	var rows []struct {
		Dept *int64 `db:"department_id"`
	}
	err = q.Select(ctx, &rows, `SELECT department_id FROM users WHERE tenant_id = ? AND id = ? AND kind = 'staff' AND status = 'active'`,
		q.Tenant, id)
	if err != nil || len(rows) == 0 {
		return 0, false, err
	}
	if rows[0].Dept != nil {
		dept = *rows[0].Dept
	}
	cache.users[id] = dept
	return dept, true, nil
}

// checkOwner validates the owner (its department follows) and the
// shared-with users and departments.
func (s *Service) checkOwner(ctx context.Context, q db.Scoped, cache *txCache, ch *change) error {
	if ch.ownerGiven {
		dept, ok, err := s.activeUser(ctx, q, cache, ch.owner)
		if err != nil {
			return err
		}
		if !ok {
			ch.c.Add("owner_id", "field.unknown")
		}
		ch.dept = dept
	}
	if ch.usersGiven {
		for _, id := range ch.users {
			if slices.Contains(ch.old.sharedUsers(), id) {
				continue
			}
			_, ok, err := s.activeUser(ctx, q, cache, id)
			if err != nil {
				return err
			}
			if !ok {
				ch.c.Add("shared_user_ids", "field.unknown")
				break
			}
		}
	}
	if ch.deptsGiven && len(ch.depts) > 0 {
		var n int
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(ch.depts)), ", ")
		args := []any{q.Tenant}
		for _, id := range ch.depts {
			args = append(args, id)
		}
		if err := q.Get(ctx, &n, "SELECT count(*) FROM departments WHERE tenant_id = ? AND id IN ("+ph+")", args...); err != nil {
			return err
		}
		if n != len(ch.depts) {
			ch.c.Add("shared_department_ids", "field.unknown")
		}
	}
	return nil
}

func (r *Record) sharedUsers() []int64 {
	if r == nil {
		return nil
	}
	return r.SharedUsers
}
