package records

import (
	"context"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/search"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Duplicate detection keeps the normalised values of Duplicate fields in
// record_keys: phones as digits (any phone field matches any other, "p:"),
// other values folded like search input and prefixed with the field name.
// A save then finds possible duplicates with one indexed lookup, however
// the type's own table is indexed.

// dupKey is the normalised key of a Duplicate field's value ("" = none).
func dupKey(f Field, v any) string {
	switch x := v.(type) {
	case string:
		if f.Kind == Phone {
			if d := phoneDigits(x); len(d) >= 5 {
				return "p:" + withoutChinaCode(d)
			}
			return ""
		}
		if q := search.Query(x); q != "" {
			return f.Name + ":" + q
		}
	case int64:
		return f.Name + ":" + strconv.FormatInt(x, 10)
	}
	return ""
}

// withoutChinaCode drops the country code 86 (or 0086) so that
// +86 138-0013-8000 and 13800138000 are the same number, and +86 571 8800
// 1234 is 057188001234.
func withoutChinaCode(d string) string {
	rest, ok := strings.CutPrefix(d, "0086")
	if !ok {
		if rest, ok = strings.CutPrefix(d, "86"); !ok || len(rest) < 10 {
			return d
		}
	}
	if rest == "" || (rest[0] == '1' && len(rest) == 11) || rest[0] == '0' {
		return rest
	}
	return "0" + rest
}

type dupHit struct {
	Field  string `db:"field"`
	Value  string `db:"value"`
	Record int64  `db:"record_id"`
}

// keep replaces the record's keys of the changed Duplicate fields and
// returns the warnings for them.
func (s *Service) keep(ctx context.Context, q db.Scoped, sc tenant.Scope, m *meta, id int64, ch *change) ([]Warning, error) {
	if len(m.dups) == 0 {
		return nil, nil
	}
	keys := map[string]string{}
	var fields []any
	for _, name := range m.dups {
		if !ch.changed(name) {
			continue
		}
		fields = append(fields, name)
		if k := dupKey(m.byName[name], ch.vals[name]); k != "" {
			keys[name] = k
		}
	}
	if len(fields) == 0 {
		return nil, nil
	}
	b := batchOf(ctx)
	if b != nil && !ch.creating() {
		// The buffered keys may include this record's old ones.
		if err := b.keys.flush(ctx, q); err != nil {
			return nil, err
		}
		b.keys.forget()
	}
	warnings, err := s.dupWarnings(ctx, q, sc, m, keys, id)
	if err != nil {
		return nil, err
	}
	if b != nil && ch.creating() {
		for _, name := range m.dups { // written with the batch; in a dry run only remembered
			if k, ok := keys[name]; ok {
				if err := b.keys.add(ctx, q, m.key(), name, k, id, !isDryRun(ctx)); err != nil {
					return nil, err
				}
			}
		}
		return warnings, nil
	}
	if !ch.creating() {
		if _, err := q.Exec(ctx, `DELETE FROM record_keys WHERE tenant_id = ? AND record_type = ? AND record_id = ? AND field IN (`+
			placeholders(len(fields))+`)`, append([]any{q.Tenant, m.key(), id}, fields...)...); err != nil {
			return nil, err
		}
	}
	// Written in a dry run too: a later row of the same import must warn
	// as it would in the commit.
	if len(keys) == 0 {
		return warnings, nil
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO record_keys (tenant_id, record_type, field, value, record_id) VALUES ")
	args := make([]any, 0, 5*len(keys))
	for _, name := range m.dups {
		k, ok := keys[name]
		if !ok {
			continue
		}
		if len(args) > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?)")
		args = append(args, q.Tenant, m.key(), name, k, id)
	}
	_, err = q.Exec(ctx, sb.String(), args...)
	return warnings, err
}

// dupWarnings looks up other records holding the keys: one query for the
// keys, one for the names of the hits sc may see.
func (s *Service) dupWarnings(ctx context.Context, q db.Scoped, sc tenant.Scope, m *meta, keys map[string]string, except int64) ([]Warning, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := []any{q.Tenant, m.key(), except}
	seen := map[string]bool{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			args = append(args, k)
		}
	}
	var hits []dupHit
	if err := q.Select(ctx, &hits, `SELECT field, value, record_id FROM record_keys WHERE tenant_id = ? AND record_type = ?
		AND value IN (`+placeholders(len(seen))+`) AND record_id <> ? LIMIT 50`, append(args[:2:2], append(args[3:], except)...)...); err != nil {
		return nil, err
	}
	if b := batchOf(ctx); b != nil {
		hits = append(hits, b.keys.hits(q.Tenant, m.key(), seen, except)...)
	}
	if len(hits) == 0 {
		return nil, nil
	}
	// No ORDER BY in the query: SQLite would walk the record index to
	// avoid a sort. The oldest of the hits is picked here.
	first := map[string]int64{} // key → the oldest other record holding it
	for _, h := range hits {
		if id, ok := first[h.Value]; !ok || h.Record < id {
			first[h.Value] = h.Record
		}
	}
	ids := []any{}
	b := batchOf(ctx)
	for _, id := range first {
		ids = append(ids, id)
		if b != nil && b.pendingID(m, id) {
			if err := b.flushInserts(ctx, m); err != nil { // the name is read below
				return nil, err
			}
		}
	}
	vis, vargs := s.vis(m, sc, "t")
	name := m.t.nameField()
	var shown []struct {
		ID   int64   `db:"id"`
		Name *string `db:"name"`
	}
	in, ids := padded(ids)
	if err := q.Select(ctx, &shown, "SELECT t.id, t."+name+" AS name FROM "+m.key()+" t WHERE t.tenant_id = ? AND t.id IN ("+
		in+")"+vis, append(append([]any{q.Tenant}, ids...), vargs...)...); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, r := range shown {
		names[r.ID] = ""
		if r.Name != nil {
			names[r.ID] = *r.Name
		}
	}
	var out []Warning
	for _, f := range m.dups {
		k, ok := keys[f]
		if !ok {
			continue
		}
		id, hit := first[k]
		if !hit {
			continue
		}
		if n, visible := names[id]; visible {
			out = append(out, Warning{Field: f, Code: "records.duplicate", Data: map[string]any{"Name": n, "ID": id}})
		} else {
			out = append(out, Warning{Field: f, Code: "records.duplicate_hidden"})
		}
	}
	return out, nil
}

// Duplicates returns the warnings a save of in would produce (same value of
// a Duplicate field in another record of the tenant, whatever its owner —
// the warning names it only when sc may see it). exceptID is the record
// being edited (0 on create). The form calls it while the user types.
// Values that do not parse are ignored. Requires <module>.view.
func (s *Service) Duplicates(ctx context.Context, sc tenant.Scope, t *Type, in Input, exceptID int64) ([]Warning, error) {
	if err := allow(sc, t, tenant.View); err != nil {
		return nil, err
	}
	m := s.meta(t)
	keys := map[string]string{}
	for _, name := range m.dups {
		f := m.byName[name]
		raw, ok := in[name]
		if !ok {
			continue
		}
		if v, fe := parseField(f, raw); fe == nil {
			if k := dupKey(f, v); k != "" {
				keys[name] = k
			}
		}
	}
	out, err := s.dupWarnings(ctx, db.Tenant(s.db.Read(), sc.Tenant()), sc, m, keys, exceptID)
	if out == nil {
		out = []Warning{}
	}
	return out, err
}
