package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// CustomerTerms is what a sales order needs of a customer: whether it may
// be sold to (blacklist), its credit limit, its group with the groups above
// it (approval rules may name any of them) and its shipping address.
type CustomerTerms struct {
	ID              int64   `db:"id"`
	Name            string  `db:"name"`
	Blacklisted     bool    `db:"blacklisted"`
	CreditLimit     *int64  `db:"credit_limit"` // money × 10^4; nil: no limit
	GroupID         *int64  `db:"group_id"`
	ShippingAddress *string `db:"shipping_address"`
	Groups          []int64 `db:"-"` // the group and its ancestors, nearest first
}

// CustomerTerms reads one of the tenant's customers inside the caller's
// transaction; ok is false when there is none of that id. The caller's
// service decides who may use it (the customer's data scope is the sales
// order's business: an order names its customer once it is made).
func (s *Service) CustomerTerms(ctx context.Context, q db.Querier, tenantID, id int64) (CustomerTerms, bool, error) {
	tq := db.Tenant(q, tenantID)
	var out []CustomerTerms
	if err := tq.Select(ctx, &out, `SELECT id, name, blacklisted, credit_limit, group_id, shipping_address FROM customers
		WHERE tenant_id = ? AND id = ?`, tenantID, id); err != nil || len(out) == 0 {
		return CustomerTerms{}, false, err
	}
	c := out[0]
	// Groups are at most three levels deep (CustomerGroups.MaxDepth); the
	// bound also stops a damaged cycle.
	for g := c.GroupID; g != nil && len(c.Groups) < 8; {
		c.Groups = append(c.Groups, *g)
		var parents []struct {
			Parent *int64 `db:"parent_id"`
		}
		if err := tq.Select(ctx, &parents, `SELECT parent_id FROM customer_groups WHERE tenant_id = ? AND id = ?`, tenantID, *g); err != nil {
			return c, false, err
		}
		if len(parents) == 0 {
			break
		}
		g = parents[0].Parent
	}
	return c, true, nil
}

// LockCustomer holds the customer's row until the caller's transaction
// ends, so checks over all of a customer's documents (its credit limit
// against its open orders) run one at a time. SQLite's write transactions
// are serial already; on PostgreSQL this is what makes them so.
func (s *Service) LockCustomer(ctx context.Context, q db.Querier, tenantID, id int64) error {
	var ids []int64
	return db.Tenant(q, tenantID).Select(ctx, &ids, `SELECT id FROM customers WHERE tenant_id = ? AND id = ?`+db.ForUpdate(q), tenantID, id)
}
