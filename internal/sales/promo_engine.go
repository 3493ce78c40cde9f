package sales

import (
	"math/big"
	"slices"
)

// The promotion engine: given an order's lines (after their typed
// discount), its customer and the promotions valid today, it decides which
// promotions apply and what each takes off which line. It reads nothing
// and writes nothing (promo_apply.go feeds it and stores the result).
//
// Rules, in order:
//   - A promotion applies to the lines in its scope (product, or category
//     with its subcategories; none: every line) for a customer in its scope
//     (level, group or a group below it, customer; all that are set).
//   - Priority decides (higher first, then the older promotion). The
//     highest-priority automatic promotion that gives anything goes first:
//     an exclusive one stands alone, otherwise every stackable one applies
//     and exclusive ones drop out. A coupon the user entered always applies
//     (or is refused): with it only stackable promotions remain, or none
//     when the coupon's own promotion is exclusive.
//   - Stacked promotions apply one after another in priority order, each on
//     what the ones before it left: a threshold counts the amount left, and
//     no promotion takes a line below zero.
//   - An amount off is shared over the lines in scope in proportion to
//     their amounts, the rounding remainder to the last line (so the
//     lines' discounts add up to the promotion's exactly); a percent is
//     taken line by line.

// Promo is a promotion as the engine sees it (amounts and quantities ×
// 10^4; limits 0 = none).
type Promo struct {
	ID              int64  `db:"id"`
	Name            string `db:"name"`
	Kind            string `db:"kind"`
	Value           int64  `db:"value"`
	Threshold       int64  `db:"threshold"`
	BuyQty          int64  `db:"buy_qty"`
	GetProductID    int64  `db:"get_product_id"`
	ProductID       int64  `db:"product_id"`
	CategoryID      int64  `db:"category_id"`
	CustomerLevel   string `db:"customer_level"`
	CustomerGroupID int64  `db:"customer_group_id"`
	CustomerID      int64  `db:"customer_id"`
	ValidFrom       string `db:"valid_from"`
	ValidTo         string `db:"valid_to"`
	Exclusive       bool   `db:"exclusive"`
	Priority        int64  `db:"priority"`
	CouponCode      string `db:"coupon_code"`
	MaxUses         int64  `db:"max_uses"`
	PerCustomer     int64  `db:"per_customer_limit"`
	Active          bool   `db:"active"`
	Tiers           []Tier `db:"-"`
}

// Tier is one step of a threshold promotion: spend ≥ Threshold, get
// Amount off.
type Tier struct {
	Threshold int64 `db:"threshold"`
	Amount    int64 `db:"amount"`
}

// cartLine is one order line as the engine sees it.
type cartLine struct {
	ProductID  int64
	Categories []int64 // its category and the ones above
	BaseQty    int64   // in base units × 10^4
	Amount     int64   // after the typed discount and earlier promotions
}

// cartCustomer is the order's customer.
type cartCustomer struct {
	ID     int64
	Level  string
	Groups []int64 // its group and the ones above
}

// Applied is what one promotion took off the order: Lines[i] off line i.
type Applied struct {
	Promo  Promo
	Amount int64
	Lines  []int64
}

// inScope reports whether the customer is one the promotion is for.
func (p Promo) forCustomer(c cartCustomer) bool {
	return (p.CustomerID == 0 || p.CustomerID == c.ID) && (p.CustomerLevel == "" || p.CustomerLevel == c.Level) &&
		(p.CustomerGroupID == 0 || slices.Contains(c.Groups, p.CustomerGroupID))
}

// covers reports whether a line is in the promotion's product scope.
func (p Promo) covers(l cartLine) bool {
	switch {
	case p.ProductID != 0:
		return l.ProductID == p.ProductID
	case p.CategoryID != 0:
		return slices.Contains(l.Categories, p.CategoryID)
	}
	return true
}

// discount is what p takes off each line given what is left of them.
func (p Promo) discount(lines []cartLine) []int64 {
	off := make([]int64, len(lines))
	if p.Kind == PromoBuyGet {
		p.buyGet(lines, off)
		return off
	}
	var base int64
	for _, l := range lines {
		if p.covers(l) {
			base += l.Amount
		}
	}
	if base <= 0 {
		return off
	}
	switch p.Kind {
	case PromoPercent:
		if base < p.Threshold {
			return off
		}
		for i, l := range lines {
			if p.covers(l) {
				off[i] = mulDiv(l.Amount, p.Value, 100*10000, false)
			}
		}
	case PromoAmount:
		if base >= p.Threshold {
			p.share(lines, off, min(p.Value, base))
		}
	case PromoThreshold:
		// The highest tier reached (the promotion's own threshold and value
		// are a tier too).
		best, amount := int64(-1), int64(0)
		for _, t := range append([]Tier{{p.Threshold, p.Value}}, p.Tiers...) {
			switch {
			case t.Threshold <= 0 || base < t.Threshold:
			case t.Threshold > best:
				best, amount = t.Threshold, t.Amount
			case t.Threshold == best:
				amount = max(amount, t.Amount)
			}
		}
		if best > 0 {
			p.share(lines, off, min(amount, base))
		}
	}
	return off
}

// share spreads d over the lines in scope in proportion to what is left of
// them: each gets its rounded-down part and the remainder goes to the last
// line, spilling backwards when a line has less left than its part.
func (p Promo) share(lines []cartLine, off []int64, d int64) {
	var idx []int
	var base int64
	for i, l := range lines {
		if p.covers(l) && l.Amount > 0 {
			idx = append(idx, i)
			base += l.Amount
		}
	}
	if len(idx) == 0 || d <= 0 {
		return
	}
	rest := d
	for _, i := range idx {
		off[i] = mulDiv(d, lines[i].Amount, base, true)
		rest -= off[i]
	}
	for k := len(idx) - 1; k >= 0 && rest > 0; k-- {
		i := idx[k]
		add := min(rest, lines[i].Amount-off[i])
		off[i] += add
		rest -= add
	}
}

// buyGet makes free the quantity bought enough for: buy X of P, get Y of Q
// (Q = P: of every X+Y units Y are free). The free units come off the Q
// lines in line order at each line's own price.
func (p Promo) buyGet(lines []cartLine, off []int64) {
	get := p.GetProductID
	if get == 0 {
		get = p.ProductID
	}
	var bought, wanted int64
	for _, l := range lines {
		if l.ProductID == p.ProductID {
			bought += l.BaseQty
		}
		if l.ProductID == get {
			wanted += l.BaseQty
		}
	}
	if p.BuyQty <= 0 || p.Value <= 0 {
		return
	}
	var free int64
	if get == p.ProductID {
		free = bought / (p.BuyQty + p.Value) * p.Value
	} else {
		free = min(bought/p.BuyQty*p.Value, wanted)
	}
	for i, l := range lines {
		if free <= 0 {
			break
		}
		if l.ProductID != get || l.BaseQty <= 0 {
			continue
		}
		n := min(free, l.BaseQty)
		off[i] = mulDiv(l.Amount, n, l.BaseQty, false)
		free -= n
	}
}

// apply runs the rules above. coupon is the entered coupon's promotion (nil
// when none); auto are the automatic promotions valid today. It returns
// what applied in the order applied, and whether the coupon gave anything.
func apply(coupon *Promo, auto []Promo, cust cartCustomer, lines []cartLine) ([]Applied, bool) {
	work := slices.Clone(lines)
	var cands []Promo
	for _, p := range auto {
		if p.CouponCode == "" && p.forCustomer(cust) && sum(p.discount(work)) > 0 {
			cands = append(cands, p)
		}
	}
	byPriority := func(a, b Promo) int {
		if a.Priority != b.Priority {
			return int(b.Priority - a.Priority)
		}
		return int(a.ID - b.ID)
	}
	slices.SortStableFunc(cands, byPriority)
	var chosen []Promo
	switch {
	case coupon != nil && coupon.Exclusive:
		chosen = []Promo{*coupon}
	case coupon != nil:
		chosen = append(stackable(cands), *coupon)
	case len(cands) > 0 && cands[0].Exclusive:
		chosen = cands[:1]
	default:
		chosen = stackable(cands)
	}
	slices.SortStableFunc(chosen, byPriority)
	var out []Applied
	couponGave := false
	for _, p := range chosen {
		if coupon != nil && p.ID == coupon.ID && !p.forCustomer(cust) {
			continue
		}
		off := p.discount(work)
		total := sum(off)
		if total <= 0 {
			continue
		}
		for i := range work {
			work[i].Amount -= off[i]
		}
		out = append(out, Applied{Promo: p, Amount: total, Lines: off})
		if coupon != nil && p.ID == coupon.ID {
			couponGave = true
		}
	}
	return out, couponGave
}

func stackable(ps []Promo) []Promo {
	var out []Promo
	for _, p := range ps {
		if !p.Exclusive {
			out = append(out, p)
		}
	}
	return out
}

func sum(vs []int64) int64 {
	var s int64
	for _, v := range vs {
		s += v
	}
	return s
}

// mulDiv is a × b / c rounded half up, or down when floor; amounts stay
// well inside int64, the product may not.
func mulDiv(a, b, c int64, floor bool) int64 {
	if c == 0 {
		return 0
	}
	n := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	if !floor {
		n.Add(n, big.NewInt(c/2))
	}
	n.Quo(n, big.NewInt(c))
	if !n.IsInt64() {
		return 0
	}
	return n.Int64()
}
