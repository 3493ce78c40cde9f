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

func (r ruleRow) rule() (Rule, error) {
	out := Rule{ID: r.ID, DocType: r.DocType, Name: r.Name, Sort: r.Sort, Active: r.Active, Version: r.Version}
	if err := json.Unmarshal([]byte(r.Conditions), &out.Conditions); err != nil {
		return out, fmt.Errorf("approval: rule %d conditions: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Levels), &out.Levels); err != nil {
		return out, fmt.Errorf("approval: rule %d levels: %w", r.ID, err)
	}
	return out, nil
}

// rulesOf are a document type's rules in order (active ones only when
// active).
func rulesOf(ctx context.Context, q db.Scoped, docType string, active bool) ([]Rule, error) {
	cond := ""
	if active {
		cond = " AND active = TRUE"
	}
	var rows []ruleRow
	if err := q.Select(ctx, &rows, `SELECT id, doc_type, name, sort, active, conditions, levels, version FROM approval_rules
		WHERE tenant_id = ? AND doc_type = ?`+cond+` ORDER BY sort, id`, q.Tenant, docType); err != nil {
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

// Rules lists a document type's rules in the order they are tried.
// Requires approvals.configure.
func (s *Service) Rules(ctx context.Context, sc tenant.Scope, docType string) ([]Rule, error) {
	if !sc.Can(tenant.P(Module, tenant.Configure)) {
		return nil, errs.Forbidden("forbidden")
	}
	return rulesOf(ctx, db.Tenant(s.db.Read(), sc.Tenant()), docType, false)
}

// SaveRule creates (ID 0) or replaces a rule, checking every field;
// Version guards a replace. Requires approvals.configure.
func (s *Service) SaveRule(ctx context.Context, sc tenant.Scope, in Rule) (Rule, error) {
	if !sc.Can(tenant.P(Module, tenant.Configure)) {
		return Rule{}, errs.Forbidden("forbidden")
	}
	in.DocType, in.Name = strings.TrimSpace(in.DocType), strings.TrimSpace(in.Name)
	if err := checkRule(in); err != nil {
		return Rule{}, err
	}
	conds, _ := json.Marshal(in.Conditions)
	levels, _ := json.Marshal(in.Levels)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
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
		return audit.Record(ctx, tx, sc, "approval_rule.update", "approval_rule", in.ID, audit.Change{Field: "rule", After: in})
	})
	return in, err
}

// checkRule collects every problem of a rule as field errors.
func checkRule(r Rule) error {
	var c errs.Collector
	if r.DocType == "" {
		c.Add("doc_type", "field.required")
	}
	if r.Name == "" {
		c.Add("name", "field.required")
	}
	for i, cond := range r.Conditions {
		if strings.TrimSpace(cond.Field) == "" {
			c.Add(fmt.Sprintf("conditions[%d].field", i), "field.required")
		}
		if !ops[cond.Op] {
			c.Add(fmt.Sprintf("conditions[%d].op", i), "field.invalid")
		}
	}
	if len(r.Levels) == 0 {
		c.Add("levels", "approval.levels_required")
	}
	for i, l := range r.Levels {
		if (l.Role == "") == (len(l.Users) == 0) {
			c.Add(fmt.Sprintf("levels[%d]", i), "approval.level_one_kind")
		}
	}
	return c.Err()
}
