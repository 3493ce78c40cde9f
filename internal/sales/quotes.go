package sales

import (
	"context"
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

const quoteCols = `id, number, customer_id, warehouse_id, quote_date, valid_until, status, currency, notes, subtotal, discount, tax,
	total, cost, margin, margin_pct, order_id, owner_id, department_id, created_by, created_at, updated_at, version`

const quoteLineCols = `id, line_no, kind, product_id, description, unit, factor, qty, price, markup_pct, discount_pct, tax_rate,
	amount, discount, tax, unit_cost, cost, margin, margin_pct`

// CreateQuote saves a draft quotation (quotations.create); the
// salesperson is its owner.
func (s *Service) CreateQuote(ctx context.Context, sc tenant.Scope, in QuoteInput) (Quote, error) {
	if !sc.Can(tenant.P(QuoteModule, tenant.Create)) {
		return Quote{}, errs.Forbidden("forbidden")
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		qt, err := s.checkQuote(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		now := db.Now()
		number, err := s.numbers.Next(ctx, tx, sc.Tenant(), DocQuote, now)
		if err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		id, err = db.Insert(ctx, q, `INSERT INTO sales_quotes (tenant_id, number, customer_id, warehouse_id, quote_date, valid_until,
			status, currency, notes, subtotal, discount, tax, total, cost, margin, margin_pct, owner_id, department_id, created_by,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, number,
			qt.CustomerID, qt.WarehouseID, qt.QuoteDate, qt.ValidUntil, QuoteDraft, qt.Currency, qt.Notes, qt.Subtotal, qt.Discount,
			qt.Tax, qt.Total, qt.Cost, qt.Margin, qt.MarginPct, db.NullID(sc.Actor()), db.NullID(sc.Dept()), db.NullID(sc.Actor()), now, now)
		if err != nil {
			return err
		}
		if err := insertQuoteLines(ctx, q, id, qt.Lines); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocQuote+".create", DocQuote, id, audit.Change{Field: "number", After: number},
			audit.Change{Field: "customer_id", After: qt.CustomerID}, audit.Change{Field: "total", After: money.FromScaled(qt.Total).String()},
			audit.Change{Field: "margin_pct", After: money.FromScaled(qt.MarginPct).String()}, audit.Change{Field: "lines", After: len(qt.Lines)})
	})
	if err != nil {
		return Quote{}, err
	}
	return s.GetQuote(ctx, sc, id)
}

// insertQuoteLines writes the lines with their route steps and materials.
func insertQuoteLines(ctx context.Context, q db.Scoped, quoteID int64, lines []QuoteLine) error {
	const cols = 20
	args := make([]any, 0, len(lines)*cols)
	var steps, mats []any
	nSteps, nMats := 0, 0
	for _, l := range lines {
		args = append(args, q.Tenant, quoteID, l.LineNo, l.Kind, l.ProductID, l.Description, l.Unit, l.Factor, l.Qty, l.Price, l.MarkupPct,
			l.DiscountPct, l.TaxRate, l.Amount, l.Discount, l.Tax, l.UnitCost, l.Cost, l.Margin, l.MarginPct)
		for _, st := range l.Steps {
			steps = append(steps, q.Tenant, quoteID, l.LineNo, st.Seq, st.ProcessStepID, st.Name, st.Hours, st.Rate, st.Cost)
			nSteps++
		}
		for _, m := range l.Materials {
			mats = append(mats, q.Tenant, quoteID, l.LineNo, m.Seq, m.ProductID, m.Qty, m.UnitCost, m.Cost)
			nMats++
		}
	}
	if len(lines) > 0 {
		if err := db.InsertRows(ctx, q, `INSERT INTO sales_quote_lines (tenant_id, quote_id, line_no, kind, product_id, description, unit,
			factor, qty, price, markup_pct, discount_pct, tax_rate, amount, discount, tax, unit_cost, cost, margin, margin_pct)`,
			"("+db.Placeholders(cols)+")", len(lines), args); err != nil {
			return err
		}
	}
	if nSteps > 0 {
		if err := db.InsertRows(ctx, q, `INSERT INTO sales_quote_steps (tenant_id, quote_id, line_no, seq, process_step_id, name, hours,
			rate, cost)`, "("+db.Placeholders(9)+")", nSteps, steps); err != nil {
			return err
		}
	}
	if nMats > 0 {
		return db.InsertRows(ctx, q, `INSERT INTO sales_quote_materials (tenant_id, quote_id, line_no, seq, product_id, qty, unit_cost,
			cost)`, "("+db.Placeholders(8)+")", nMats, mats)
	}
	return nil
}

// deleteQuoteLines removes the lines and their route parts.
func deleteQuoteLines(ctx context.Context, q db.Scoped, id int64) error {
	for _, t := range []string{"sales_quote_steps", "sales_quote_materials", "sales_quote_lines"} {
		if _, err := q.Exec(ctx, `DELETE FROM `+t+` WHERE tenant_id = ? AND quote_id = ?`, q.Tenant, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateQuote replaces a draft quotation (quotations.edit) when the
// version the user saw is still current; other statuses are 409.
func (s *Service) UpdateQuote(ctx context.Context, sc tenant.Scope, id int64, in QuoteInput) (Quote, error) {
	if !sc.Can(tenant.P(QuoteModule, tenant.Edit)) {
		return Quote{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.lockQuote(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := quoteRules.Expect(before.doc(), "sales.quote.not_editable", in.Version, "edit"); err != nil {
			return err
		}
		if in.Version == 0 {
			return errs.Stale("stale") // an edit must say which version it changes
		}
		qt, err := s.checkQuote(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		res, err := q.Exec(ctx, `UPDATE sales_quotes SET customer_id = ?, warehouse_id = ?, quote_date = ?, valid_until = ?, notes = ?,
			subtotal = ?, discount = ?, tax = ?, total = ?, cost = ?, margin = ?, margin_pct = ?, updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ? AND version = ?`, qt.CustomerID, qt.WarehouseID, qt.QuoteDate, qt.ValidUntil, qt.Notes,
			qt.Subtotal, qt.Discount, qt.Tax, qt.Total, qt.Cost, qt.Margin, qt.MarginPct, db.Now(), q.Tenant, id, before.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if err := deleteQuoteLines(ctx, q, id); err != nil {
			return err
		}
		if err := insertQuoteLines(ctx, q, id, qt.Lines); err != nil {
			return err
		}
		changes := audit.Diff(quoteHeaderOf(before), quoteHeaderOf(qt))
		if lb, la := quoteLinesText(before.Lines), quoteLinesText(qt.Lines); lb != la {
			changes = append(changes, audit.Change{Field: "lines", Before: lb, After: la})
		}
		return audit.Record(ctx, tx, sc, DocQuote+".update", DocQuote, id, changes...)
	})
	if err != nil {
		return Quote{}, err
	}
	return s.GetQuote(ctx, sc, id)
}

// quoteHeader is what the audit compares of a quotation.
type quoteHeader struct {
	CustomerID  int64  `json:"customer_id"`
	WarehouseID int64  `json:"warehouse_id"`
	QuoteDate   string `json:"quote_date"`
	ValidUntil  string `json:"valid_until"`
	Total       string `json:"total"`
	MarginPct   string `json:"margin_pct"`
	Notes       string `json:"notes"`
}

func quoteHeaderOf(q Quote) quoteHeader {
	h := quoteHeader{CustomerID: q.CustomerID, QuoteDate: q.QuoteDate, ValidUntil: q.ValidUntil,
		Total: money.FromScaled(q.Total).String(), MarginPct: money.FromScaled(q.MarginPct).String(), Notes: q.Notes}
	if q.WarehouseID != nil {
		h.WarehouseID = *q.WarehouseID
	}
	return h
}

// quoteLinesText is the lines in one line of audit: "#product×qty@price
// (route: 2 steps, 1 material, cost c); …".
func quoteLinesText(ls []QuoteLine) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("#%d×%s%s@%s", l.ProductID, money.FromScaled(l.Qty), l.Unit, money.FromScaled(l.Price))
		if l.DiscountPct != 0 {
			parts[i] += fmt.Sprintf(" -%s%%", money.FromScaled(l.DiscountPct))
		}
		if l.Kind == KindRoute {
			parts[i] += fmt.Sprintf(" (route %d/%d cost %s)", len(l.Steps), len(l.Materials), money.FromScaled(l.UnitCost))
		}
	}
	return strings.Join(parts, "; ")
}

// DeleteQuote removes a draft quotation (quotations.delete); a quotation
// that went further stays as a record (decline it instead).
func (s *Service) DeleteQuote(ctx context.Context, sc tenant.Scope, id int64, version int) error {
	if !sc.Can(tenant.P(QuoteModule, tenant.Delete)) {
		return errs.Forbidden("forbidden")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		qt, err := s.lockQuote(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := quoteRules.Expect(qt.doc(), "sales.quote.delete_not_draft", version, "delete"); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		if err := deleteQuoteLines(ctx, q, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM sales_quotes WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocQuote+".delete", DocQuote, id, audit.Change{Field: "number", Before: qt.Number})
	})
}

// GetQuote reads a quotation with its lines, steps and materials
// (quotations.view within the data scope, or an approver asked to review
// it).
func (s *Service) GetQuote(ctx context.Context, sc tenant.Scope, id int64) (Quote, error) {
	return s.loadQuote(ctx, db.Tenant(s.db.Read(), sc.Tenant()), sc, id, false)
}

// lockQuote reads a quotation for a state change inside tx.
func (s *Service) lockQuote(ctx context.Context, tx *db.Tx, sc tenant.Scope, id int64) (Quote, error) {
	return s.loadQuote(ctx, db.Tenant(tx, sc.Tenant()), sc, id, true)
}

func (s *Service) loadQuote(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64, forUpdate bool) (Quote, error) {
	vis, vargs := s.quoteVisible(sc)
	lockSQL := ""
	if forUpdate {
		lockSQL = db.ForUpdate(q)
	}
	var qs []Quote
	if err := q.Select(ctx, &qs, `SELECT `+quoteCols+` FROM sales_quotes WHERE tenant_id = ? AND id = ?`+vis+lockSQL,
		append([]any{q.Tenant, id}, vargs...)...); err != nil {
		return Quote{}, err
	}
	if len(qs) == 0 {
		return Quote{}, errs.NotFound("not_found")
	}
	qt := qs[0]
	if err := q.Select(ctx, &qt.Lines, `SELECT `+quoteLineCols+` FROM sales_quote_lines WHERE tenant_id = ? AND quote_id = ?
		ORDER BY line_no`, q.Tenant, id); err != nil {
		return Quote{}, err
	}
	var steps []QuoteStep
	if err := q.Select(ctx, &steps, `SELECT line_no, seq, process_step_id, name, hours, rate, cost FROM sales_quote_steps
		WHERE tenant_id = ? AND quote_id = ? ORDER BY line_no, seq`, q.Tenant, id); err != nil {
		return Quote{}, err
	}
	var mats []QuoteMaterial
	if err := q.Select(ctx, &mats, `SELECT line_no, seq, product_id, qty, unit_cost, cost FROM sales_quote_materials
		WHERE tenant_id = ? AND quote_id = ? ORDER BY line_no, seq`, q.Tenant, id); err != nil {
		return Quote{}, err
	}
	byNo := map[int]*QuoteLine{}
	for i := range qt.Lines {
		byNo[qt.Lines[i].LineNo] = &qt.Lines[i]
	}
	for _, st := range steps {
		if l := byNo[st.LineNo]; l != nil {
			l.Steps = append(l.Steps, st)
		}
	}
	for _, m := range mats {
		if l := byNo[m.LineNo]; l != nil {
			l.Materials = append(l.Materials, m)
		}
	}
	return qt, nil
}

// quoteVisible is the data-scope condition on quotations: the caller's
// scope, or the quotations waiting for (or decided by) the caller as an
// approver. Without quotations.view: only the latter.
func (s *Service) quoteVisible(sc tenant.Scope) (string, []any) {
	approver, aargs := approval.ApproverClause(DocQuote, "sales_quotes.tenant_id", "sales_quotes.id", sc.Actor())
	if !sc.Can(tenant.P(QuoteModule, tenant.View)) {
		return " AND " + approver, aargs
	}
	terms, args, all := sc.VisibilityTerms(QuoteModule, "owner_id", "department_id")
	if all {
		return "", nil
	}
	terms, args = append(terms, approver), append(args, aargs)
	return tenant.AnyOf(terms, args, false)
}

// QuoteListSpec is what the quotation list may sort and filter by.
var QuoteListSpec = list.Spec{
	Sorts: map[string]string{"id": "id", "number": "number", "quote_date": "quote_date", "valid_until": "valid_until",
		"total": "total", "margin_pct": "margin_pct"},
	DefaultSort: "-id",
	Filters:     map[string]string{"status": "status", "customer_id": "customer_id", "owner_id": "owner_id"},
	Search:      []string{"number"},
}

var quotes = docflow.Listing[Quote]{Module: QuoteModule, Table: "sales_quotes", Cols: quoteCols, Spec: QuoteListSpec,
	Key: func(sort string, q Quote) (any, int64) { return quoteSortValue(sort, q), q.ID }}

// ListQuotes is a page of quotations (quotations.view within the data
// scope) without their lines.
func (s *Service) ListQuotes(ctx context.Context, sc tenant.Scope, lq list.Query) (list.Page[Quote], error) {
	return quotes.Page(ctx, s.db.Read(), sc, lq)
}

func quoteSortValue(sort string, q Quote) any {
	switch strings.TrimPrefix(sort, "-") {
	case "number":
		return q.Number
	case "quote_date":
		return q.QuoteDate
	case "valid_until":
		return q.ValidUntil
	case "total":
		return q.Total
	case "margin_pct":
		return q.MarginPct
	}
	return q.ID
}

// quoteRules are the quotation's actions and the statuses each starts
// from: the service refuses others (409) and the page offers only these.
var quoteRules = docflow.Rules{
	"edit":    {QuoteDraft},
	"delete":  {QuoteDraft},
	"submit":  {QuoteDraft},
	"decide":  {QuotePendingReview},
	"send":    {QuoteApproved},
	"answer":  {QuoteSent}, // accept or decline
	"accept":  {QuoteSent},
	"decline": {QuoteSent},
}

// Allows reports whether the quotation's status lets action start.
func (q Quote) Allows(action string) bool { return quoteRules.Allows(action, q.Status) }

// doc is the quotation as the shared status steps see it.
func (q Quote) doc() docflow.Doc {
	return docflow.Doc{Table: "sales_quotes", Type: DocQuote, ID: q.ID, Status: q.Status, Version: q.Version}
}
