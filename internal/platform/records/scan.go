package records

import (
	"database/sql"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/taihe-erp/taihe/internal/platform/money"
)

// scanRows reads every row of a query over m.selectCols (plus nothing else).
func (m *meta) scanRows(rows *sqlx.Rows) ([]Record, error) {
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := m.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scan reads one row of m.selectCols into a Record whose Values hold every
// field (nil when empty).
func (m *meta) scan(rows *sqlx.Rows) (Record, error) {
	var (
		r           Record
		created, up time.Time
		owner, dept sql.NullInt64
	)
	dest := make([]any, 0, 6+len(m.fields))
	dest = append(dest, &r.ID, &r.Version, &created, &up)
	if m.t.Owned {
		dest = append(dest, &owner, &dept)
	}
	holders := make([]any, len(m.fields))
	for i, f := range m.fields {
		switch f.Kind {
		case Int, Ref, User, Decimal:
			holders[i] = new(sql.NullInt64)
		case Bool:
			holders[i] = new(sql.NullBool)
		default:
			holders[i] = new(sql.NullString)
		}
		dest = append(dest, holders[i])
	}
	if err := rows.Scan(dest...); err != nil {
		return r, err
	}
	r.CreatedAt, r.UpdatedAt = created.UTC(), up.UTC()
	r.OwnerID, r.DepartmentID = owner.Int64, dept.Int64
	r.Values = make(map[string]any, len(m.fields))
	for i, f := range m.fields {
		r.Values[f.Name] = fromColumn(f, holders[i])
	}
	r.typ = m.t
	return r, nil
}

// fromColumn turns a scanned column into the field's Go type.
func fromColumn(f Field, h any) any {
	switch v := h.(type) {
	case *sql.NullInt64:
		if !v.Valid {
			return nil
		}
		if f.Kind == Decimal {
			return money.FromScaled(v.Int64)
		}
		return v.Int64
	case *sql.NullBool:
		return v.Valid && v.Bool
	case *sql.NullString:
		if !v.Valid || v.String == "" {
			return nil
		}
		if f.Kind == Tags {
			return splitTags(v.String)
		}
		return v.String
	}
	return nil
}

// toColumn is the stored form of a typed value: NULL when empty, Tags as
// "|a|b|", Decimal scaled.
func toColumn(f Field, v any) (any, error) {
	switch x := v.(type) {
	case nil:
		if f.Kind == Bool {
			return false, nil
		}
		return nil, nil
	case []string:
		if len(x) == 0 {
			return nil, nil
		}
		return "|" + strings.Join(x, "|") + "|", nil
	case money.Amount:
		return x.Scaled()
	}
	return v, nil
}

func splitTags(s string) []string {
	parts := strings.Split(strings.Trim(s, "|"), "|")
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
