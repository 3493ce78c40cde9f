package sales

import (
	"cmp"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// quoteAction runs one state change of a quotation (quotations.edit): the
// quotation locked, in one of the statuses from, at the version seen, then
// do; the quotation is read again afterwards.
func (s *Service) quoteAction(ctx context.Context, sc tenant.Scope, id int64, version int, action string,
	do func(tx *db.Tx, qt Quote) error) (Quote, error) {
	if !sc.Can(tenant.P(QuoteModule, tenant.Edit)) {
		return Quote{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		qt, err := s.lockQuote(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := quoteRules.Expect(qt.doc(), "sales.quote.bad_status", version, action); err != nil {
			return err
		}
		return do(tx, qt)
	})
	if err != nil {
		return Quote{}, err
	}
	return s.GetQuote(ctx, sc, id)
}

// today is the business date (Asia/Shanghai) of t.
func today(t time.Time) string { return t.In(i18n.Location).Format(time.DateOnly) }

// SubmitQuote sends a draft for review (报价审核). The rules see the
// amount, the margin (amount and %), the largest line discount, the
// customer and its groups and whether a process route is quoted. No rule
// asks → approved at once; otherwise pending_review. A quotation whose
// validity already passed is refused.
func (s *Service) SubmitQuote(ctx context.Context, sc tenant.Scope, id int64, version int) (Quote, error) {
	return s.quoteAction(ctx, sc, id, version, "submit", func(tx *db.Tx, qt Quote) error {
		if qt.ValidUntil < today(time.Now()) {
			return errs.Conflict("sales.quote.validity_passed", "Date", qt.ValidUntil)
		}
		cust, ok, err := s.master.CustomerTerms(ctx, tx, sc.Tenant(), qt.CustomerID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.Invalid(errs.Field("customer_id", "field.unknown"))
		}
		groups := cust.Groups
		if groups == nil {
			groups = []int64{}
		}
		group := ""
		if cust.GroupID != nil {
			group = strconv.FormatInt(*cust.GroupID, 10)
		}
		var maxDiscount int64
		route := false
		for _, l := range qt.Lines {
			maxDiscount = max(maxDiscount, l.DiscountPct)
			route = route || l.Kind == KindRoute
		}
		fields := map[string]any{"amount": money.FromScaled(qt.Total), "margin_pct": money.FromScaled(qt.MarginPct),
			"margin": money.FromScaled(qt.Margin), "discount_pct": money.FromScaled(maxDiscount), "customer_id": qt.CustomerID,
			"customer_group": group, "customer_groups": groups, "has_route": strconv.FormatBool(route)}
		req, err := s.approvals.SubmitTx(ctx, tx, sc, approval.Doc{Type: DocQuote, ID: id, Fields: fields, Title: qt.Number})
		if err != nil {
			return err
		}
		if req.Status == approval.Approved {
			return docflow.Move(ctx, tx, sc, qt.doc(), QuoteApproved, "submit")
		}
		return docflow.Move(ctx, tx, sc, qt.doc(), QuotePendingReview, "submit")
	})
}

// DecideQuote is an approver's approve or reject of a quotation in
// review. The approval rules say who may; the last approval approves it,
// a rejection (comment required) sends it back to draft.
func (s *Service) DecideQuote(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) (Quote, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		qt, err := s.lockQuote(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := quoteRules.Expect(qt.doc(), "sales.quote.bad_status", 0, "decide"); err != nil {
			return err
		}
		req, err := s.approvals.DecideTx(ctx, tx, sc, DocQuote, id, approve, comment)
		if err != nil {
			return err
		}
		switch req.Status {
		case approval.Approved:
			return docflow.Move(ctx, tx, sc, qt.doc(), QuoteApproved, "approve")
		case approval.Rejected:
			return docflow.Move(ctx, tx, sc, qt.doc(), QuoteDraft, "reject", audit.Change{Field: "comment", After: strings.TrimSpace(comment)})
		}
		return nil // a level approved; the next one decides
	})
	if err != nil {
		return Quote{}, err
	}
	return s.GetQuote(ctx, sc, id)
}

// SendQuote marks an approved quotation as sent to the customer.
func (s *Service) SendQuote(ctx context.Context, sc tenant.Scope, id int64, version int) (Quote, error) {
	return s.quoteAction(ctx, sc, id, version, "send", func(tx *db.Tx, qt Quote) error {
		if qt.ValidUntil < today(time.Now()) {
			return errs.Conflict("sales.quote.validity_passed", "Date", qt.ValidUntil)
		}
		return docflow.Move(ctx, tx, sc, qt.doc(), QuoteSent, "send")
	})
}

// DeclineQuote records that the customer declined a sent quotation, with
// the reason when given.
func (s *Service) DeclineQuote(ctx context.Context, sc tenant.Scope, id int64, version int, reason string) (Quote, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 500 {
		return Quote{}, errs.Invalid(errs.Field("reason", "field.too_long", "Max", 500))
	}
	return s.quoteAction(ctx, sc, id, version, "decline", func(tx *db.Tx, qt Quote) error {
		return docflow.Move(ctx, tx, sc, qt.doc(), QuoteDeclined, "decline", audit.Change{Field: "reason", After: reason})
	})
}

// AcceptQuote records the customer's acceptance of a sent quotation and
// makes its draft sales order in the same transaction (it also needs
// sales.create). Every line becomes an order line of its product at the
// quoted unit, quantity, price, discount and tax rate; a process-route
// line becomes a line of the product the route makes, at the route's
// price. The order ships from warehouseID, else the quotation's
// warehouse; the order carries quote_id and the quotation order_id. A
// quotation past its validity cannot be accepted.
func (s *Service) AcceptQuote(ctx context.Context, sc tenant.Scope, id int64, version int, warehouseID int64) (Quote, error) {
	return s.quoteAction(ctx, sc, id, version, "accept", func(tx *db.Tx, qt Quote) error {
		if qt.ValidUntil < today(time.Now()) {
			return errs.Conflict("sales.quote.validity_passed", "Date", qt.ValidUntil)
		}
		if warehouseID == 0 && qt.WarehouseID != nil {
			warehouseID = *qt.WarehouseID
		}
		if warehouseID == 0 {
			return errs.Invalid(errs.Field("warehouse_id", "sales.quote.warehouse_for_order"))
		}
		in := OrderInput{CustomerID: qt.CustomerID, WarehouseID: warehouseID, Notes: qt.Notes}
		for _, l := range qt.Lines {
			in.Lines = append(in.Lines, LineInput{ProductID: l.ProductID, Unit: l.Unit, Qty: money.FromScaled(l.Qty).String(),
				Price: money.FromScaled(l.Price).String(), Discount: money.FromScaled(l.DiscountPct).String(),
				TaxRate: money.FromScaled(l.TaxRate).String()})
		}
		orderID, err := s.CreateTx(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_orders SET quote_id = ? WHERE tenant_id = ? AND id = ?`, id, q.Tenant, orderID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE sales_quotes SET order_id = ? WHERE tenant_id = ? AND id = ?`, orderID, q.Tenant, id); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, qt.doc(), QuoteAccepted, "accept", audit.Change{Field: "order_id", After: orderID})
	})
}

// expiring are the statuses in which a quotation is offered (or ready to
// be) and lapses when its validity passes.
var expiring = []string{QuoteApproved, QuoteSent}

// ExpireDue moves every tenant's approved and sent quotations whose
// valid_until is before now's business date to expired, audited as the
// system. The schedule runs it; a tenant's failure is logged and the
// others still run.
func (s *Service) ExpireDue(ctx context.Context, now time.Time) error {
	day := today(now)
	// Across tenants on purpose: the scheduler works for all of them.
	var tenants []int64
	if err := s.db.Read().Select(ctx, &tenants, `SELECT DISTINCT tenant_id FROM sales_quotes WHERE status IN (`+
		db.Placeholders(len(expiring))+`) AND valid_until < ?`, append(toAny(expiring), day)...); err != nil {
		return err
	}
	var first error
	for _, t := range tenants {
		if err := s.expireTenant(ctx, t, day); err != nil {
			slog.Error("quotation expiry", "tenant", t, "err", err)
			first = cmp.Or(first, err)
		}
	}
	return first
}

// expireTenant expires one tenant's due quotations in one transaction.
func (s *Service) expireTenant(ctx context.Context, tenantID int64, day string) error {
	// The schedule acts for nobody: a scope of the tenant with no
	// permissions, whose audit rows read "system".
	sc := tenant.NewScope(tenant.Params{TenantID: tenantID, ActorName: "system", Client: "schedule"})
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		var due []Quote
		args := append(append([]any{q.Tenant}, toAny(expiring)...), day)
		if err := q.Select(ctx, &due, `SELECT `+quoteCols+` FROM sales_quotes WHERE tenant_id = ? AND status IN (`+
			db.Placeholders(len(expiring))+`) AND valid_until < ? ORDER BY id`+db.ForUpdate(q), args...); err != nil {
			return err
		}
		for _, qt := range due {
			if err := docflow.Move(ctx, tx, sc, qt.doc(), QuoteExpired, "expire",
				audit.Change{Field: "valid_until", Before: qt.ValidUntil}); err != nil {
				return err
			}
		}
		return nil
	})
}
