// Command ledger measures the stock ledger at scale (issue 5: posting
// 1,000,000 movements; on-hand lookup p95 < 2 ms; the stock value report
// over 100,000 products < 1 s, on SQLite and PostgreSQL).
//
//	go run ./bench/ledger -db /tmp/ledger.db -products 100000 -warehouses 5 -moves 1000000 -batch 100
//	go run ./bench/ledger -db postgres://postgres@127.0.0.1:5432/ledger -products 100000 -moves 1000000
//
// It opens the database as the application does (app.New: migrations and
// every service), creates the tenant -tenant if it is missing, adds the
// products and warehouses it lacks through the records engine's batch path
// (validation, codes, search text, audit), then posts -moves movements
// through inventory.Service.Post in postings of -batch movements: mostly
// receipts, plus deliveries, transfers and adjustments that never take
// more than is on hand. Then it measures random on-hand lookups
// (inventory.Service.Balance) and the stock value report
// (inventory.Service.StockValue, now and as of a past date), and checks
// the balances against the ledger. Run it again with -moves 0 to measure
// an existing ledger only.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

type options struct {
	dsn        string
	code       string
	products   int
	warehouses int
	moves      int
	batch      int
	lookups    int
	runs       int
	seed       uint64
	workers    int
	cpuprofile string
	snapshots  int
}

func main() {
	var o options
	flag.StringVar(&o.dsn, "db", os.Getenv("TAIHE_DB"), "SQLite file path or postgres:// URL")
	flag.StringVar(&o.code, "tenant", "ledgerbench", "tenant code (created when missing)")
	flag.IntVar(&o.products, "products", 100000, "products the tenant should have")
	flag.IntVar(&o.warehouses, "warehouses", 5, "warehouses the tenant should have")
	flag.IntVar(&o.moves, "moves", 1000000, "movements to post (0: measure the existing ledger only)")
	flag.IntVar(&o.batch, "batch", 100, "movements per posting (one transaction)")
	flag.IntVar(&o.lookups, "lookups", 10000, "random on-hand lookups to time")
	flag.IntVar(&o.runs, "runs", 3, "runs of each stock value report")
	flag.IntVar(&o.snapshots, "snapshots", 0, "take N−1 stock snapshots evenly over the ledger first (12: a year of month ends), and time the report as of just before one")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed of the movements and lookups")
	flag.IntVar(&o.workers, "workers", 1, "postings made at once (each worker moves its own products)")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the posting (with -moves 0: of the measurements) to this file")
	flag.Parse()
	if o.dsn == "" || o.products <= 0 || o.warehouses < 2 || o.moves < 0 || o.batch < 2 || o.runs < 1 || o.workers < 1 {
		fmt.Fprintln(os.Stderr, "ledger: need -db, -products > 0, -warehouses ≥ 2, -moves ≥ 0, -batch ≥ 2, -runs ≥ 1, -workers ≥ 1")
		os.Exit(2)
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "ledger:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	cfg := config.Defaults()
	cfg.DB = o.dsn
	if !strings.HasPrefix(o.dsn, "postgres") {
		cfg.Data = filepath.Dir(strings.TrimPrefix(o.dsn, "sqlite://"))
	}
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Printf("database      %s (%s)\n", a.DB.Dialect, redact(o.dsn))

	sc, err := benchTenant(ctx, a, o.code)
	if err != nil {
		return err
	}
	start := time.Now()
	products, err := ensure(ctx, a, sc, masterdata.Products, o.products, func(i int) records.Input {
		return records.Input{"sku": fmt.Sprintf("LB%07d", i), "name": fmt.Sprintf("基准商品%d", i), "type": masterdata.ProductGoods,
			"base_unit": "pcs", "list_price": fmt.Sprintf("%d.50", 10+i%990)}
	})
	if err != nil {
		return fmt.Errorf("products: %w", err)
	}
	warehouses, err := ensure(ctx, a, sc, masterdata.Warehouses, o.warehouses, func(i int) records.Input {
		return records.Input{"code": fmt.Sprintf("LW%02d", i), "name": fmt.Sprintf("基准仓库%d", i)}
	})
	if err != nil {
		return fmt.Errorf("warehouses: %w", err)
	}
	fmt.Printf("master data   %d products, %d warehouses (%s)\n", len(products), len(warehouses), time.Since(start).Round(time.Millisecond))

	if o.moves > 0 {
		if err := post(ctx, a, sc, o, products, warehouses); err != nil {
			return err
		}
	} else if o.cpuprofile != "" {
		stop, err := profile(o.cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := lookups(ctx, a, sc, o, products, warehouses); err != nil {
		return err
	}
	if err := values(ctx, a, sc, o); err != nil {
		return err
	}
	return check(ctx, a, sc)
}

// benchTenant finds the tenant or creates it as the operator would, and
// returns the system scope in it (every permission, audited as "system").
func benchTenant(ctx context.Context, a *app.App, code string) (tenant.Scope, error) {
	var ids []int64
	if err := a.DB.Read().Select(ctx, &ids, `SELECT id FROM tenants WHERE code = ?`, code); err != nil {
		return tenant.Scope{}, err
	}
	if len(ids) == 0 {
		var platform int64
		if err := a.DB.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
			return tenant.Scope{}, err
		}
		t, err := a.Org.CreateTenant(ctx, a.IDs.SystemScope(platform, ""), org.TenantInput{Code: code, Name: "台账基准测试",
			AdminUsername: "admin", AdminName: "管理员", AdminEmail: "admin@" + code + ".local", AdminPassword: "Ledger-bench-2026!"})
		if err != nil {
			return tenant.Scope{}, fmt.Errorf("create tenant %q: %w", code, err)
		}
		ids = []int64{t.ID}
		fmt.Printf("tenant        %q created (id %d)\n", code, t.ID)
	} else {
		fmt.Printf("tenant        %q reused (id %d)\n", code, ids[0])
	}
	return a.IDs.SystemScope(ids[0], code), nil
}

// ensure gives the tenant n records of t, creating the missing ones
// through the engine's batch path (CreateTx inside records.Batch, 5,000 per
// transaction), and returns the first n ids.
func ensure(ctx context.Context, a *app.App, sc tenant.Scope, t *records.Type, n int, input func(i int) records.Input) ([]int64, error) {
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	var ids []int64
	if err := q.Select(ctx, &ids, `SELECT id FROM `+t.Key+` WHERE tenant_id = ? ORDER BY id`, q.Tenant); err != nil {
		return nil, err
	}
	const perTx = 5000
	added, last := 0, time.Now()
	for have := len(ids); have < n; {
		k := min(perTx, n-have)
		err := a.DB.InTx(ctx, func(tx *db.Tx) error {
			return a.Records.Batch(ctx, tx, func(ctx context.Context) error {
				for i := have; i < have+k; i++ {
					if _, err := a.Records.CreateTx(ctx, tx, sc, t, input(i)); err != nil {
						return err
					}
				}
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
		have += k
		added += k
		if a.DB.Dialect == db.Postgres {
			// Without fresh statistics (autovacuum may be off, or behind)
			// the duplicate-key lookup of every new record scans all of the
			// tenant's record_keys: 65 ms a product at 85,000.
			if err := analyze(ctx, a.DB, t.Key, "record_keys"); err != nil {
				return nil, err
			}
		}
		if time.Since(last) > 10*time.Second {
			fmt.Printf("  %s: %d/%d\n", t.Key, have, n)
			last = time.Now()
		}
	}
	if added > 0 {
		if err := analyze(ctx, a.DB, t.Key); err != nil {
			return nil, err
		}
		ids = ids[:0]
		if err := q.Select(ctx, &ids, `SELECT id FROM `+t.Key+` WHERE tenant_id = ? ORDER BY id`, q.Tenant); err != nil {
			return nil, err
		}
	}
	return ids[:n], nil
}

// analyze refreshes the planner's statistics (and on PostgreSQL the
// visibility map) after a bulk load, as autovacuum would soon do.
func analyze(ctx context.Context, d *db.DB, tables ...string) error {
	stmt := "ANALYZE "
	if d.Dialect == db.Postgres {
		stmt = "VACUUM ANALYZE "
	}
	for _, t := range tables {
		if _, err := d.WriterRaw().ExecContext(ctx, stmt+t); err != nil {
			return err
		}
	}
	return nil
}

// gen makes movements that never take more than is on hand: it keeps its
// own copy of every balance (in whole units), updated as it generates.
// Within one posting the service handles the movements in (product,
// warehouse) order, keeping the given order for the same pair, so an
// outbound movement may use what an earlier one of the posting brought in.
type gen struct {
	r          *rand.Rand
	products   []int64
	warehouses []int64
	onHand     []int64 // units, index product*len(warehouses)+warehouse
	kinds      map[inventory.Kind]int
}

func (g *gen) idx(p, w int) int { return p*len(g.warehouses) + w }

// stocked picks a product × warehouse with stock (a few tries), or false.
func (g *gen) stocked() (int, int, bool) {
	for range 6 {
		p, w := g.r.IntN(len(g.products)), g.r.IntN(len(g.warehouses))
		if g.onHand[g.idx(p, w)] > 0 {
			return p, w, true
		}
	}
	return 0, 0, false
}

func (g *gen) move(k inventory.Kind, p, w int, units, unitCost int64) inventory.Move {
	if k.In() {
		g.onHand[g.idx(p, w)] += units
	} else {
		g.onHand[g.idx(p, w)] -= units
	}
	g.kinds[k]++
	return inventory.Move{Kind: k, ProductID: g.products[p], WarehouseID: g.warehouses[w], Qty: inventory.Units(units),
		UnitCost: unitCost, DocType: "ledger_bench"}
}

// posting makes n movements: ~70 % receipts, 15 % deliveries, 10 %
// transfers (two legs), 5 % adjustments (in at the average, or out).
func (g *gen) posting(n int) []inventory.Move {
	out := make([]inventory.Move, 0, n)
	for len(out) < n {
		x := g.r.IntN(100)
		if x >= 70 {
			if p, w, ok := g.stocked(); ok {
				most := min(g.onHand[g.idx(p, w)], 5)
				units := 1 + g.r.Int64N(most)
				switch {
				case x < 85:
					out = append(out, g.move(inventory.Delivery, p, w, units, 0))
					continue
				case x < 95 && len(out)+2 <= n:
					to := (w + 1 + g.r.IntN(len(g.warehouses)-1)) % len(g.warehouses)
					out = append(out, g.move(inventory.TransferOut, p, w, units, 0), g.move(inventory.TransferIn, p, to, units, 0))
					continue
				case x >= 95 && x%2 == 0:
					out = append(out, g.move(inventory.AdjustOut, p, w, units, 0))
					continue
				case x >= 95:
					out = append(out, g.move(inventory.AdjustIn, p, w, 1+g.r.Int64N(3), 0))
					continue
				}
			}
		}
		p, w := g.r.IntN(len(g.products)), g.r.IntN(len(g.warehouses))
		// 1.0000 to 500.0000 per unit, in whole cents.
		out = append(out, g.move(inventory.Receipt, p, w, 1+g.r.Int64N(20), 100*(100+g.r.Int64N(49901))))
	}
	return out
}

// post posts o.moves movements in postings of o.batch, from o.workers
// goroutines at once; each worker has its own share of the products (every
// workers-th one), so no two workers move the same product.
func post(ctx context.Context, a *app.App, sc tenant.Scope, o options, products, warehouses []int64) error {
	// Start from the balances there are (a reused tenant).
	pi, wi := map[int64]int{}, map[int64]int{}
	for i, id := range products {
		pi[id] = i
	}
	for i, id := range warehouses {
		wi[id] = i
	}
	var held []inventory.Balance
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	if err := q.Select(ctx, &held, `SELECT product_id, warehouse_id, on_hand, reserved FROM stock_balances WHERE tenant_id = ?`, q.Tenant); err != nil {
		return err
	}
	gens := make([]*gen, o.workers)
	for k := range gens {
		g := &gen{r: rand.New(rand.NewPCG(o.seed+uint64(k), 20260101)), warehouses: warehouses, kinds: map[inventory.Kind]int{}}
		for i := k; i < len(products); i += o.workers {
			g.products = append(g.products, products[i])
		}
		g.onHand = make([]int64, len(g.products)*len(warehouses))
		gens[k] = g
	}
	for _, b := range held {
		p, okP := pi[b.ProductID]
		w, okW := wi[b.WarehouseID]
		if okP && okW {
			g := gens[p%o.workers]
			g.onHand[g.idx(p/o.workers, w)] = b.Available() / 10000 // whole units only
		}
	}
	if o.cpuprofile != "" {
		stop, err := profile(o.cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Printf("posting       %d movements, %d per posting, %d worker(s)\n", o.moves, o.batch, o.workers)
	var done atomic.Int64
	stop := make(chan struct{})
	start := time.Now()
	go func() {
		t := time.NewTicker(15 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				n, el := done.Load(), time.Since(start)
				fmt.Printf("  %8d/%d  %8s  %6.0f moves/s\n", n, o.moves, el.Round(time.Second), float64(n)/el.Seconds())
			}
		}
	}()
	errc := make(chan error, o.workers)
	for k, g := range gens {
		share := o.moves / o.workers
		if k < o.moves%o.workers {
			share++
		}
		go func() {
			for posted := 0; posted < share; {
				moves := g.posting(min(o.batch, share-posted))
				if _, err := a.Inventory.Post(ctx, sc, moves...); err != nil {
					errc <- fmt.Errorf("worker %d, posting at movement %d: %w", k, posted, err)
					return
				}
				posted += len(moves)
				done.Add(int64(len(moves)))
			}
			errc <- nil
		}()
	}
	var err error
	for range gens {
		if e := <-errc; e != nil && err == nil {
			err = e
		}
	}
	close(stop)
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Printf("posted        %d movements in %s: %.0f movements/s, %.2f ms per posting of %d\n", o.moves, el.Round(time.Millisecond),
		float64(o.moves)/el.Seconds(), el.Seconds()*1000*float64(o.workers)/float64((o.moves+o.batch-1)/o.batch), o.batch)
	var mix []string
	for _, k := range inventory.Kinds {
		n := 0
		for _, g := range gens {
			n += g.kinds[k]
		}
		if n > 0 {
			mix = append(mix, fmt.Sprintf("%s %d", k, n))
		}
	}
	fmt.Printf("mix           %s\n", strings.Join(mix, ", "))
	return analyze(ctx, a.DB, "stock_moves", "stock_balances", "stock_costs")
}

// lookups times o.lookups random Balance calls (after 500 untimed ones).
func lookups(ctx context.Context, a *app.App, sc tenant.Scope, o options, products, warehouses []int64) error {
	r := rand.New(rand.NewPCG(o.seed, 7))
	lat := make([]time.Duration, 0, o.lookups)
	var found int
	for i := -500; i < o.lookups; i++ {
		p, w := products[r.IntN(len(products))], warehouses[r.IntN(len(warehouses))]
		t0 := time.Now()
		b, err := a.Inventory.Balance(ctx, sc, p, w)
		d := time.Since(t0)
		if err != nil {
			return err
		}
		if i >= 0 {
			lat = append(lat, d)
			if b.OnHand != 0 {
				found++
			}
		}
	}
	if len(lat) == 0 {
		return nil
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("on-hand       %d lookups (%d with stock): p50 %s  p95 %s  p99 %s  max %s\n", len(lat), found,
		us(pct(0.50)), us(pct(0.95)), us(pct(0.99)), us(lat[len(lat)-1]))
	return nil
}

// values times the stock value report now, as of the ledger's middle
// movement, and as of after its last one (the whole ledger replayed).
func values(ctx context.Context, a *app.App, sc tenant.Scope, o options) error {
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	var n int
	if err := q.Get(ctx, &n, `SELECT count(*) FROM stock_moves WHERE tenant_id = ?`, q.Tenant); err != nil {
		return err
	}
	var mid time.Time
	if n > 0 {
		if err := q.Get(ctx, &mid, `SELECT created_at FROM stock_moves WHERE tenant_id = ? ORDER BY created_at, id LIMIT 1 OFFSET ?`,
			q.Tenant, n/2); err != nil {
			return err
		}
	}
	// Just after the last movement, in the past: the whole ledger replayed
	// (a moment still to come would be answered from the balances).
	last := time.Now()
	if n > 0 {
		if err := q.Get(ctx, &last, `SELECT created_at FROM stock_moves WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
			q.Tenant); err != nil {
			return err
		}
		last = last.Add(time.Microsecond)
	}
	fmt.Printf("ledger        %d movements; past date %s\n", n, mid.UTC().Format(time.RFC3339Nano))
	// Snapshots every n/N movements stand for month ends; the worst date to
	// ask about is just before one: a whole period of movements to add.
	worst := mid
	if o.snapshots > 1 && n > o.snapshots {
		a.Inventory.SetSnapshotLag(0)
		t0 := time.Now()
		for k := 1; k < o.snapshots; k++ {
			var at time.Time
			if err := q.Get(ctx, &at, `SELECT created_at FROM stock_moves WHERE tenant_id = ? ORDER BY created_at, id LIMIT 1 OFFSET ?`,
				q.Tenant, k*n/o.snapshots); err != nil {
				return err
			}
			if err := a.Inventory.TakeSnapshot(ctx, sc.Tenant(), at); err != nil {
				return err
			}
			if k == o.snapshots/2+1 {
				worst = at.Add(-time.Microsecond)
			}
		}
		fmt.Printf("snapshots     %d taken in %s; worst date %s (%d movements after the snapshot before it)\n", o.snapshots-1,
			time.Since(t0).Round(time.Millisecond), worst.UTC().Format(time.RFC3339Nano), n/o.snapshots)
	}
	type total struct{ lines, qty, value int64 }
	var totals []total
	for _, c := range []struct {
		name string
		at   time.Time
	}{{"now", time.Time{}}, {"past (mid)", mid}, {"past (worst)", worst}, {"end (ledger)", last}} {
		var times []string
		var lines []inventory.ValueLine
		for range o.runs {
			t0 := time.Now()
			var err error
			if lines, err = a.Inventory.StockValue(ctx, sc, c.at); err != nil {
				return err
			}
			times = append(times, ms(time.Since(t0)))
		}
		var qty, value int64
		products := map[int64]bool{}
		for _, l := range lines {
			qty += l.Qty
			value += l.Value
			products[l.ProductID] = true
		}
		fmt.Printf("value %-12s %d lines, %d products, qty %d, value %d: %s\n", c.name, len(lines), len(products), qty, value,
			strings.Join(times, " / "))
		totals = append(totals, total{int64(len(lines)), qty, value})
	}
	// The whole ledger rebuilt is the stock now.
	if totals[0] != totals[len(totals)-1] {
		return fmt.Errorf("stock value now %+v differs from the ledger replayed %+v", totals[0], totals[len(totals)-1])
	}
	return nil
}

// check compares the balances with the ledger: on hand with the signed
// quantities, the moving-average costs with the values.
func check(ctx context.Context, a *app.App, sc tenant.Scope) error {
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	var bal, moved, costQty, costValue, movedValue, bad int64
	for _, c := range []struct {
		dst *int64
		sql string
	}{
		{&bal, `SELECT coalesce(sum(on_hand), 0) FROM stock_balances WHERE tenant_id = ?`},
		{&moved, `SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE tenant_id = ?`},
		{&costQty, `SELECT coalesce(sum(qty), 0) FROM stock_costs WHERE tenant_id = ?`},
		{&costValue, `SELECT coalesce(sum(value), 0) FROM stock_costs WHERE tenant_id = ?`},
		// Transfers change no cost: their legs are left out, as the report
		// as of a date leaves them out.
		{&movedValue, `SELECT coalesce(sum(value), 0) FROM stock_moves WHERE tenant_id = ? AND kind NOT IN ('transfer_out', 'transfer_in')`},
		// Balances that differ from their own movements.
		{&bad, `SELECT count(*) FROM stock_balances b LEFT JOIN (SELECT product_id, warehouse_id, sum(qty) AS qty FROM stock_moves
			WHERE tenant_id = ? GROUP BY product_id, warehouse_id) m ON m.product_id = b.product_id AND m.warehouse_id = b.warehouse_id
			WHERE b.tenant_id = ? AND b.on_hand <> coalesce(m.qty, 0)`},
	} {
		args := []any{q.Tenant}
		if strings.Count(c.sql, "?") == 2 {
			args = append(args, q.Tenant)
		}
		if err := q.Get(ctx, c.dst, c.sql, args...); err != nil {
			return err
		}
	}
	ok := bal == moved && costQty == moved && costValue == movedValue && bad == 0
	fmt.Printf("check         Σ on hand %d, Σ ledger qty %d, Σ cost qty %d; Σ cost value %d, Σ ledger value (no transfers) %d; balances off their moves: %d → %s\n",
		bal, moved, costQty, costValue, movedValue, bad, map[bool]string{true: "OK", false: "MISMATCH"}[ok])
	if !ok {
		return fmt.Errorf("balances do not match the ledger")
	}
	return nil
}

// profile writes a CPU profile to file until stop is called.
func profile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func us(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d.Microseconds())/1000) }
func ms(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d.Microseconds())/1000) }

// redact hides a password in a postgres URL.
func redact(dsn string) string {
	if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
		if k := strings.Index(dsn[i+3:j], ":"); k >= 0 {
			return dsn[:i+3+k] + ":***" + dsn[j:]
		}
	}
	return dsn
}
