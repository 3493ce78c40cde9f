package masterdata

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// bulkGen makes BulkCustomers' rows.
type bulkGen struct {
	r             *rand.Rand
	owners, depts []int64
	start         time.Time
	step          time.Duration
}

// scaledOne is one unit of a Decimal column (money.Scale decimals).
const scaledOne = 10000

// bulkStatuses weights the statuses: "lost" is 5% of rows, "active" 35%.
var bulkStatuses = []string{"potential", "potential", "potential", "potential", "potential", "potential",
	"following", "following", "following", "following", "active", "active", "active", "active", "active", "active", "active",
	"dormant", "dormant", "lost"}

func (g *bulkGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// maybe is v with probability pct %, else NULL.
func (g *bulkGen) maybe(pct int, v any) any {
	if g.r.IntN(100) < pct {
		return v
	}
	return nil
}

// row is one customer's values in bulkColumns order.
func (g *bulkGen) row(tenantID int64, i int, code string) []any {
	r := g.r
	created := g.start.Add(g.step*time.Duration(i) + time.Duration(r.Int64N(int64(g.step)+1))).Truncate(time.Microsecond)
	k := r.IntN(len(g.owners))
	dept := g.depts[r.IntN(len(g.depts))]
	if len(g.depts) == len(g.owners) {
		dept = g.depts[k]
	}
	c := cities[r.IntN(len(cities))]
	status := g.pick(bulkStatuses)
	v := map[string]any{"code": code, "status": status, "region": c.region, "source": g.pick(demoSources),
		"category": g.maybe(70, g.pick(demoCategories)), "intention": g.maybe(50, g.pick(demoIntentions)),
		"payment_terms": g.maybe(60, g.pick(demoTerms)), "blacklisted": false}
	if r.IntN(4) == 0 {
		v["type"], v["name"], v["mobile"] = CustomerIndividual, person(r), mobile(r)
		v["gender"] = g.pick([]string{"male", "female"})
	} else {
		ind := industries[r.IntN(len(industries))]
		trade := g.pick(tradeNames)
		v["type"], v["industry"], v["phone"] = CustomerOrganisation, ind.code, landline(r, c)
		v["name"] = c.name + trade + ind.word + g.pick(companyForms)
		v["mobile"] = g.maybe(40, mobile(r))
		v["email"] = g.maybe(40, "info@"+domain(trade, c))
		v["billing_address"] = g.maybe(50, address(r, c))
		if status == "active" {
			v["credit_limit"] = int64(5+r.IntN(100)) * 10000 * scaledOne // stored scaled, like the engine
		}
	}
	if status == "active" {
		v["level"] = g.pick(demoLevels)
	}
	if r.IntN(100) < 15 {
		v["tags"] = "|" + g.pick(demoTags) + "|"
	}
	if r.IntN(200) == 0 {
		v["blacklisted"], v["blacklist_reason"] = true, "多次逾期未付款"
	}
	v["search_text"] = records.SearchText(Customers, v)
	out := make([]any, len(bulkColumns))
	for j, col := range bulkColumns {
		switch col {
		case "tenant_id":
			out[j] = tenantID
		case "version":
			out[j] = 1
		case "created_at", "updated_at":
			out[j] = created
		case "owner_id":
			out[j] = g.owners[k]
		case "department_id":
			out[j] = dept
		default:
			out[j] = v[col]
		}
	}
	return out
}

// insertKeys writes the engine's duplicate keys (record_keys) of a batch,
// matching rows to their new ids by code.
func insertKeys(ctx context.Context, q db.Scoped, tenantID int64, batch [][]any, ids []struct {
	ID   int64  `db:"id"`
	Code string `db:"code"`
}) error {
	byCode := make(map[string]int64, len(ids))
	for _, x := range ids {
		byCode[x.Code] = x.ID
	}
	col := map[string]int{}
	for j, c := range bulkColumns {
		col[c] = j
	}
	var sb strings.Builder
	args := make([]any, 0, len(batch)*3*5)
	for _, row := range batch {
		id, ok := byCode[row[col["code"]].(string)]
		if !ok {
			return fmt.Errorf("masterdata: bulk row %v got no id", row[col["code"]])
		}
		vals := map[string]any{}
		for _, f := range Customers.Fields {
			if f.Duplicate {
				vals[f.Name] = row[col[f.Name]]
			}
		}
		for field, key := range records.DuplicateKeys(Customers, vals) {
			if len(args) > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, tenantID, Customers.Key, field, key, id)
		}
	}
	if len(args) == 0 {
		return nil
	}
	_, err := q.Exec(ctx, "INSERT INTO record_keys (tenant_id, record_type, field, value, record_id) VALUES "+sb.String(), args...)
	return err
}
