package records

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// write creates (id 0) or updates a record inside tx: parse, validate
// (fields, then the Check hook — one errs.Invalid with every problem),
// number blank codes, store the changed columns with the search text, keep
// the duplicate keys and shares, audit, then the AfterWrite hook.
func (s *Service) write(ctx context.Context, tx *db.Tx, sc tenant.Scope, m *meta, id int64, version int, in Input) (Record, error) {
	if sc.IsZero() {
		panic("records: call without a scope")
	}
	var old *Record
	if id != 0 {
		if b := inBatch(ctx, tx); b != nil && b.pendingID(m, id) {
			if err := b.flushInserts(ctx, m); err != nil { // the record may still be in the buffer
				return Record{}, err
			}
		}
		r, err := s.load(ctx, tx, sc, m, id, true)
		if err != nil {
			return Record{}, err
		}
		if version != 0 && r.Version != version {
			return Record{}, errs.Stale("stale")
		}
		if m.t.Owned {
			recs := []Record{r}
			if err := s.loadShares(ctx, tx, sc, m, recs); err != nil {
				return Record{}, err
			}
			r = recs[0]
		}
		old = &r
	}
	ch := prepare(m, sc, in, old)
	if err := s.validate(ctx, tx, sc, m, ch); err != nil {
		return Record{}, err
	}
	r := ch.record(m)
	if hook := m.t.Hooks.Check; hook != nil {
		var q db.Querier = tx
		if b := inBatch(ctx, tx); b != nil && b.inserts[m] != nil {
			q = flushing{tx: tx, b: b, m: m, ctx: ctx} // a hook that reads sees the buffered rows
		}
		if err := hook(ctx, q, sc, &r, old); err != nil {
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid || len(e.Fields) == 0 {
				return Record{}, err
			}
			for _, f := range e.Fields {
				if !ch.failed[f.Field] { // one error per field: the engine's first
					ch.c.AddField(f)
					ch.failed[f.Field] = true
				}
			}
		}
		ch.vals = r.Values
	}
	if err := ch.c.Err(); err != nil {
		return Record{}, err
	}
	if ch.creating() {
		if err := s.number(ctx, tx, sc, m, ch); err != nil {
			return Record{}, err
		}
	}
	var err error
	if ch.creating() {
		r, err = s.insert(ctx, tx, sc, m, ch)
	} else {
		r, err = s.update(ctx, tx, sc, m, ch)
	}
	if err != nil || r.ID == 0 {
		return r, err
	}
	if hook := m.t.Hooks.AfterWrite; hook != nil {
		if err := hook(ctx, tx, sc, r, old); err != nil {
			return Record{}, err
		}
	}
	if m.t == DictItems {
		tenantID := sc.Tenant()
		tx.AfterCommit(func() { s.dicts.drop(tenantID) })
	}
	s.mask(sc, m, &r)
	return r, nil
}

// number fills blank Code fields from the type's numbering sequence,
// skipping numbers already taken (a code imported by hand).
func (s *Service) number(ctx context.Context, tx *db.Tx, sc tenant.Scope, m *meta, ch *change) error {
	if m.t.DocType == "" || s.num == nil {
		return nil
	}
	q := db.Tenant(tx, sc.Tenant())
	for _, f := range m.fields {
		if f.Kind != Code || !isEmpty(ch.vals[f.Name]) || ch.hidden[f.Name] {
			continue
		}
		for attempt := 0; ; attempt++ {
			code, err := s.num.Next(ctx, tx, sc.Tenant(), m.t.DocType, db.Now())
			if err != nil {
				return err
			}
			taken, err := s.taken(ctx, q, m, f.Name, code, ch)
			if err != nil {
				return err
			}
			if !taken {
				ch.vals[f.Name] = code
				break
			}
			if attempt == 100 {
				return errs.Invalid(errs.Field(f.Name, "field.taken"))
			}
		}
	}
	return nil
}

func (s *Service) insert(ctx context.Context, tx *db.Tx, sc tenant.Scope, m *meta, ch *change) (Record, error) {
	q := db.Tenant(tx, sc.Tenant())
	now := db.Now()
	actor := db.NullID(sc.Actor())
	args := make([]any, 0, 9+len(m.fields))
	args = append(args, sc.Tenant(), 1, now, now, actor, actor)
	if m.t.Owned {
		args = append(args, db.NullID(ch.owner), db.NullID(ch.dept))
	}
	for _, f := range m.fields {
		v, err := toColumn(f, ch.vals[f.Name])
		if err != nil {
			return Record{}, err
		}
		args = append(args, v)
	}
	b := inBatch(ctx, tx)
	buf := insertBuffer(ctx, tx, m)
	text := ""
	var parts []string // a buffered row's search text, made by the batch's worker
	if m.hasSearch() {
		switch {
		case buf != nil && !isDryRun(ctx):
			parts = searchParts(m.t, ch.vals)
		case buf == nil:
			text = s.searchText(ctx, m, ch.vals)
		}
		if b != nil {
			args = append(args, "") // written with the batch's next chunk
		} else {
			args = append(args, text)
		}
	}
	var (
		id  int64
		err error
	)
	if buf != nil {
		// Unique values were checked against the table and the buffer; a
		// failure writing the buffer is not this row's (nor a field's).
		if id, err = buf.nextID(ctx, m); err != nil {
			return Record{}, err
		}
		if err = buf.queueInsert(ctx, m, q.Tenant, id, args, ch, parts); err != nil {
			return Record{}, err
		}
	} else if id, err = db.Insert(ctx, q, m.insertSQL, args...); err != nil {
		return Record{}, s.writeErr(m, ch, err)
	}
	if b != nil && buf == nil && text != "" {
		if err := b.deferText(ctx, q, m, id, text); err != nil {
			return Record{}, err
		}
	}
	r := ch.record(m)
	r.ID, r.Version, r.CreatedAt, r.UpdatedAt = id, 1, now, now
	if m.t.Owned && (len(ch.users) > 0 || len(ch.depts) > 0) {
		if err := s.writeShares(ctx, q, m, id, ch.users, ch.depts); err != nil {
			return Record{}, err
		}
	}
	if r.Warnings, err = s.keep(ctx, q, sc, m, id, ch); err != nil {
		return Record{}, err
	}
	if isDryRun(ctx) {
		return r, nil
	}
	var changes []audit.Change
	for _, f := range m.fields {
		if v := ch.vals[f.Name]; !isEmpty(v) && !(f.Kind == Bool && v == false) {
			changes = append(changes, audit.Change{Field: f.Name, After: v})
		}
	}
	changes = append(changes, ownerChanges(m, ch, nil)...)
	return r, s.audit(ctx, tx, sc, m.key()+".create", m.key(), id, changes...)
}

func (s *Service) update(ctx context.Context, tx *db.Tx, sc tenant.Scope, m *meta, ch *change) (Record, error) {
	q := db.Tenant(tx, sc.Tenant())
	old := ch.old
	var (
		sets    []string
		args    []any
		changes []audit.Change
		search  bool
		dupSet  bool
	)
	for _, f := range m.fields {
		if !ch.changed(f.Name) {
			continue
		}
		v, err := toColumn(f, ch.vals[f.Name])
		if err != nil {
			return Record{}, err
		}
		sets = append(sets, f.Name+" = ?")
		args = append(args, v)
		changes = append(changes, audit.Change{Field: f.Name, Before: old.Values[f.Name], After: ch.vals[f.Name]})
		search = search || f.Search
		dupSet = dupSet || f.Duplicate
	}
	if m.t.Owned && (ch.owner != old.OwnerID || ch.dept != old.DepartmentID) {
		sets = append(sets, "owner_id = ?", "department_id = ?")
		args = append(args, db.NullID(ch.owner), db.NullID(ch.dept))
	}
	owners := ownerChanges(m, ch, old)
	if len(sets) == 0 && len(owners) == 0 {
		r := *old
		r.Values = ch.vals
		return r, nil // nothing changed: no new version, no audit row
	}
	b := inBatch(ctx, tx)
	if search && m.hasSearch() && !isDryRun(ctx) && b == nil {
		sets = append(sets, "search_text = ?")
		args = append(args, s.searchText(ctx, m, ch.vals))
	}
	now := db.Now()
	sets = append(sets, "version = version + 1", "updated_at = ?", "updated_by = ?")
	args = append(args, now, db.NullID(sc.Actor()), q.Tenant, old.ID, old.Version)
	res, err := q.Exec(ctx, "UPDATE "+m.key()+" SET "+strings.Join(sets, ", ")+" WHERE tenant_id = ? AND id = ? AND version = ?", args...)
	if err != nil {
		return Record{}, s.writeErr(m, ch, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return Record{}, errs.Stale("stale")
	}
	if m.t.Owned && (!sameIDs(ch.users, old.SharedUsers) || !sameIDs(ch.depts, old.SharedDepts)) {
		if _, err := q.Exec(ctx, `DELETE FROM record_shares WHERE tenant_id = ? AND record_type = ? AND record_id = ?`,
			q.Tenant, m.key(), old.ID); err != nil {
			return Record{}, err
		}
		if err := s.writeShares(ctx, q, m, old.ID, ch.users, ch.depts); err != nil {
			return Record{}, err
		}
	}
	if search && m.hasSearch() && !isDryRun(ctx) && b != nil {
		if err := b.deferText(ctx, q, m, old.ID, s.searchText(ctx, m, ch.vals)); err != nil {
			return Record{}, err
		}
	}
	r := ch.record(m)
	r.Version, r.UpdatedAt = old.Version+1, now
	if dupSet {
		if r.Warnings, err = s.keep(ctx, q, sc, m, old.ID, ch); err != nil {
			return Record{}, err
		}
	}
	if isDryRun(ctx) {
		return r, nil
	}
	return r, s.audit(ctx, tx, sc, m.key()+".update", m.key(), old.ID, append(changes, owners...)...)
}

// audit writes a save's audit row; inside a Batch it goes to the batch's
// buffer, written with the rows.
func (s *Service) audit(ctx context.Context, tx *db.Tx, sc tenant.Scope, action, typ string, id int64, changes ...audit.Change) error {
	if b := inBatch(ctx, tx); b != nil {
		return b.audit.Record(ctx, tx, sc, action, typ, id, changes...)
	}
	return audit.Record(ctx, tx, sc, action, typ, id, changes...)
}

// ownerChanges are the audit changes of the owner, department and shares.
func ownerChanges(m *meta, ch *change, old *Record) []audit.Change {
	if !m.t.Owned {
		return nil
	}
	var before Record
	if old != nil {
		before = *old
	}
	var out []audit.Change
	id := func(v int64) any {
		if v == 0 {
			return nil
		}
		return v
	}
	if ch.owner != before.OwnerID {
		out = append(out, audit.Change{Field: "owner_id", Before: id(before.OwnerID), After: id(ch.owner)})
	}
	if ch.dept != before.DepartmentID {
		out = append(out, audit.Change{Field: "department_id", Before: id(before.DepartmentID), After: id(ch.dept)})
	}
	if !sameIDs(ch.users, before.SharedUsers) {
		out = append(out, audit.Change{Field: "shared_user_ids", Before: before.SharedUsers, After: ch.users})
	}
	if !sameIDs(ch.depts, before.SharedDepts) {
		out = append(out, audit.Change{Field: "shared_department_ids", Before: before.SharedDepts, After: ch.depts})
	}
	return out
}

// searchText is the record's search text; empty in a dry run, whose rows
// are rolled back.
func (s *Service) searchText(ctx context.Context, m *meta, vals map[string]any) string {
	if isDryRun(ctx) {
		return ""
	}
	return SearchText(m.t, vals)
}

// writeErr maps a unique violation that slipped past the SELECT (two saves
// racing) to the same field error. The field is read from the message:
// SQLite names the columns ("…failed: t.tenant_id, t.code"), PostgreSQL
// the index ("…constraint \"customers_code\""); the longest unique field
// name that fits wins (vip_code over code).
func (s *Service) writeErr(m *meta, ch *change, err error) error {
	if !db.IsUniqueViolation(err) {
		return err
	}
	msg := err.Error()
	field := ""
	for _, name := range append(append([]string{}, m.unique...), m.t.CodeFieldName()) {
		if name == "" || len(name) <= len(field) {
			continue
		}
		if strings.Contains(msg, "."+name+",") || strings.HasSuffix(msg, "."+name) || strings.Contains(msg, "."+name+" ") ||
			strings.Contains(msg, "_"+name+`"`) {
			field = name
		}
	}
	if field == "" {
		return err
	}
	return errs.Invalid(errs.Field(field, "field.taken"))
}
