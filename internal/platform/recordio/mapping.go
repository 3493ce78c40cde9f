package recordio

import (
	"context"
	"encoding/json"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// maxMapped bounds a remembered mapping (a file with thousands of columns
// must not grow it forever).
const maxMapped = 300

// SavedMapping is the column mapping sc used last for t (header → field,
// "" = ignored), empty when none.
func (s *Service) SavedMapping(ctx context.Context, sc tenant.Scope, t *records.Type) (map[string]string, error) {
	var raw []string
	q := db.Tenant(s.db.Read(), sc.Tenant())
	if err := q.Select(ctx, &raw, `SELECT mapping FROM import_mappings WHERE tenant_id = ? AND user_id = ? AND record_type = ?`,
		q.Tenant, sc.Actor(), t.Key); err != nil {
		return nil, err
	}
	m := map[string]string{}
	if len(raw) > 0 {
		if err := json.Unmarshal([]byte(raw[0]), &m); err != nil {
			return map[string]string{}, nil // unreadable: start again rather than fail the import
		}
	}
	return m, nil
}

// saveMapping remembers the mapping an import used, over the one saved
// before (headers of other file layouts stay remembered).
func (s *Service) saveMapping(ctx context.Context, sc tenant.Scope, t *records.Type, used map[string]string) error {
	if sc.Actor() == 0 || len(used) == 0 {
		return nil
	}
	m, err := s.SavedMapping(ctx, sc, t)
	if err != nil {
		return err
	}
	changed := false
	for h, k := range used {
		if old, ok := m[h]; ok && old == k {
			continue
		}
		if _, ok := m[h]; !ok && len(m) >= maxMapped {
			continue
		}
		m[h], changed = k, true
	}
	if !changed {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `INSERT INTO import_mappings (tenant_id, user_id, record_type, mapping, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, user_id, record_type)
			DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
			sc.Tenant(), sc.Actor(), t.Key, string(b), db.Now())
		return err
	})
}

// mappingFor is the mapping an import starts from: the caller's explicit
// choices over the remembered ones. A choice naming no column of t is a
// field error on "mapping".
func (s *Service) mappingFor(ctx context.Context, sc tenant.Scope, t *records.Type, explicit map[string]string) (map[string]string, error) {
	keys := map[string]bool{}
	for _, c := range Schema(t) {
		keys[c.Key] = true
	}
	for _, k := range explicit {
		if k != "" && !keys[k] {
			return nil, errs.Invalid(errs.Field("mapping", "recordio.unknown_field", "Field", k))
		}
	}
	m, err := s.SavedMapping(ctx, sc, t)
	if err != nil {
		return nil, err
	}
	for h, k := range explicit {
		m[h] = k
	}
	return m, nil
}

// ColumnMap is how one column of the file is read.
type ColumnMap struct {
	Header string `json:"header"`
	Field  string `json:"field"` // "" = ignored
	Label  string `json:"label,omitempty"`
}

func (s *Service) columns(headers []string, m importer.Mapping, schema importer.Schema, lang string) []ColumnMap {
	label := map[string]string{}
	for _, c := range schema {
		label[c.Key] = s.cat.T(lang, c.Header, nil)
	}
	out := make([]ColumnMap, 0, len(headers))
	for _, h := range headers {
		if h == "" {
			continue
		}
		k := m.ByHeader[h]
		out = append(out, ColumnMap{Header: h, Field: k, Label: label[k]})
	}
	return out
}
