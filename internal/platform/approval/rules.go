package approval

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

type ruleRow struct {
	ID         int64  `db:"id"`
	DocType    string `db:"doc_type"`
	Name       string `db:"name"`
	Sort       int    `db:"sort"`
	Active     bool   `db:"active"`
	Conditions string `db:"conditions"`
	Levels     string `db:"levels"`
	Version    int    `db:"version"`
}

const ruleCols = `id, doc_type, name, sort, active, conditions, levels, version`

func (r ruleRow) rule() (Rule, error) {
	out := Rule{ID: r.ID, DocType: r.DocType, Name: r.Name, Sort: r.Sort, Active: r.Active, Version: r.Version}
	if err := json.Unmarshal([]byte(r.Conditions), &out.Conditions); err != nil {
		return out, fmt.Errorf("approval: rule %d conditions: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Levels), &out.Levels); err != nil {
		return out, fmt.Errorf("approval: rule %d levels: %w", r.ID, err)
	}
	if out.Conditions == nil {
		out.Conditions = []Condition{}
	}
	return out, nil
}

// rulesOf are a document type's rules in order (every type's when docType
// is ""; active ones only when active).
func rulesOf(ctx context.Context, q db.Scoped, docType string, active bool) ([]Rule, error) {
	cond, args := "", []any{q.Tenant}
	if docType != "" {
		cond, args = " AND doc_type = ?", append(args, docType)
	}
	if active {
		cond += " AND active = TRUE"
	}
	var rows []ruleRow
	if err := q.Select(ctx, &rows, `SELECT `+ruleCols+` FROM approval_rules WHERE tenant_id = ?`+cond+` ORDER BY doc_type, sort, id`,
		args...); err != nil {
		return nil, err
	}
	out := make([]Rule, len(rows))
	for i, r := range rows {
		var err error
		if out[i], err = r.rule(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func ruleByID(ctx context.Context, q db.Scoped, id int64) (Rule, error) {
	var rows []ruleRow
	if err := q.Select(ctx, &rows, `SELECT `+ruleCols+` FROM approval_rules WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
		return Rule{}, err
	}
	if len(rows) == 0 {
		return Rule{}, errs.NotFound("not_found")
	}
	return rows[0].rule()
}

var configure = tenant.P(Module, tenant.Configure)

// Rules lists a document type's rules in the order they are tried (every
// type's, by type, when docType is ""). Requires approvals.configure.
func (s *Service) Rules(ctx context.Context, sc tenant.Scope, docType string) ([]Rule, error) {
	if !sc.Can(configure) {
		return nil, errs.Forbidden("forbidden")
	}
	return rulesOf(ctx, db.Tenant(s.db.Read(), sc.Tenant()), strings.TrimSpace(docType), false)
}

// Rule is one rule of the tenant. Requires approvals.configure.
func (s *Service) Rule(ctx context.Context, sc tenant.Scope, id int64) (Rule, error) {
	if !sc.Can(configure) {
		return Rule{}, errs.Forbidden("forbidden")
	}
	return ruleByID(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
}

// SaveRule creates (ID 0) or replaces a rule, checking every field
// (conditions against the document type's fields when the type is
// registered; roles and users against the tenant); Version guards a
// replace. Requires approvals.configure. Audited with the rule before and
// after.
func (s *Service) SaveRule(ctx context.Context, sc tenant.Scope, in Rule) (Rule, error) {
	if !sc.Can(configure) {
		return Rule{}, errs.Forbidden("forbidden")
	}
	in.DocType, in.Name = strings.TrimSpace(in.DocType), strings.TrimSpace(in.Name)
	if in.Conditions == nil {
		in.Conditions = []Condition{}
	}
	for i := range in.Conditions {
		c := &in.Conditions[i]
		c.Field, c.Op, c.Value = strings.TrimSpace(c.Field), strings.TrimSpace(c.Op), strings.TrimSpace(c.Value)
	}
	h, known := s.DocHandler(in.DocType)
	var c errs.Collector
	checkRule(in, h, known, &c)
	conds, _ := json.Marshal(in.Conditions)
	levels, _ := json.Marshal(in.Levels)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if err := checkApprovers(ctx, q, in.Levels, &c); err != nil {
			return err
		}
		if err := c.Err(); err != nil {
			return err
		}
		now := db.Now()
		if in.ID == 0 {
			id, err := db.Insert(ctx, q, `INSERT INTO approval_rules (tenant_id, doc_type, name, sort, active, conditions, levels,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, in.DocType, in.Name, in.Sort, in.Active,
				string(conds), string(levels), now, now)
			in.ID, in.Version = id, 1
			if err != nil {
				return err
			}
			return audit.Record(ctx, tx, sc, "approval_rule.create", "approval_rule", id,
				audit.Change{Field: "rule", After: in})
		}
		before, err := ruleByID(ctx, q, in.ID)
		if err != nil {
			return err
		}
		res, err := q.Exec(ctx, `UPDATE approval_rules SET doc_type = ?, name = ?, sort = ?, active = ?, conditions = ?, levels = ?,
			updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?`, in.DocType, in.Name, in.Sort,
			in.Active, string(conds), string(levels), now, q.Tenant, in.ID, in.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		in.Version++
		return audit.Record(ctx, tx, sc, "approval_rule.update", "approval_rule", in.ID,
			audit.Change{Field: "rule", Before: before, After: in})
	})
	return in, err
}

// DeactivateRule stops a rule from applying to new submissions (requests
// it made go on). Rules are never deleted: requests name them.
func (s *Service) DeactivateRule(ctx context.Context, sc tenant.Scope, id int64, version int) (Rule, error) {
	if !sc.Can(configure) {
		return Rule{}, errs.Forbidden("forbidden")
	}
	var out Rule
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		before, err := ruleByID(ctx, q, id)
		if err != nil {
			return err
		}
		res, err := q.Exec(ctx, `UPDATE approval_rules SET active = FALSE, updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ? AND version = ?`, db.Now(), q.Tenant, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if out, err = ruleByID(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "approval_rule.deactivate", "approval_rule", id,
			audit.Change{Field: "active", Before: before.Active, After: false})
	})
	return out, err
}
