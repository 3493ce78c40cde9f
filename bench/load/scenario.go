package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The orders scenario (-scenario orders): each of -c workers runs the sales
// order path over the API again and again — create an order of three lines,
// submit it, approve it (with -delivery also deliver it: create a delivery,
// pick, pack and ship it) — with its own customers and products from the plan that
// bench/seedsales wrote, so workers never wait on each other's stock rows
// and nothing runs out. It reports complete orders per second and the
// latency of each kind of request.

// orderPlan is bench/seedsales's plan file.
type orderPlan struct {
	Tenant        string `json:"tenant"`
	SellerToken   string `json:"seller_token"`
	ApproverToken string `json:"approver_token"`
	WarehouseID   int64  `json:"warehouse_id"`
	Workers       []struct {
		Customers []int64 `json:"customers"`
		Products  []int64 `json:"products"`
	} `json:"workers"`
}

func readPlan(file string, workers int) (orderPlan, error) {
	var p orderPlan
	raw, err := os.ReadFile(file)
	if err != nil {
		return p, usageError{fmt.Sprintf("-plan: %v", err)}
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return p, usageError{fmt.Sprintf("-plan %s: %v", file, err)}
	}
	if len(p.Workers) < workers {
		return p, usageError{fmt.Sprintf("-plan %s has %d workers, -c is %d: seed with -workers %d", file, len(p.Workers), workers, workers)}
	}
	for _, w := range p.Workers[:workers] {
		if len(w.Customers) == 0 || len(w.Products) < 3 {
			return p, usageError{fmt.Sprintf("-plan %s: a worker needs customers and 3 products", file)}
		}
	}
	return p, nil
}

// orderDoc is what the chain reads of an order's or a delivery's
// response: the next step needs its id, version and lines.
type orderDoc struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Version int    `json:"version"`
	Lines   []struct {
		ID  int64  `json:"id"`
		Qty string `json:"qty"`
	} `json:"lines"`
}

// chain runs the steps of one complete order against one server.
type chain struct {
	hc       *http.Client
	base     string
	plan     orderPlan
	record   func(kind string, r *vegeta.Result)
	delivery bool
}

// step is one request of the chain: it answers the order as it now is.
type step struct {
	kind   string
	do     func(ctx context.Context, c *chain, w, n int, o orderDoc) (orderDoc, error)
	enable func(c *chain) bool
}

// orderSteps is the order path, in order.
var orderSteps = []step{
	{kind: "create", do: createOrder},
	{kind: "submit", do: func(ctx context.Context, c *chain, _, _ int, o orderDoc) (orderDoc, error) {
		return c.call(ctx, "submit", c.plan.SellerToken, "/api/v1/sales-orders/"+fmt.Sprint(o.ID)+"/submit",
			map[string]any{"version": o.Version}, http.StatusOK, "pending_review")
	}},
	{kind: "approve", do: func(ctx context.Context, c *chain, _, _ int, o orderDoc) (orderDoc, error) {
		return c.call(ctx, "approve", c.plan.ApproverToken, "/api/v1/sales-orders/"+fmt.Sprint(o.ID)+"/approve",
			map[string]any{"comment": "ok"}, http.StatusOK, "approved")
	}},
	// -delivery: the approver (a manager, who may also run the warehouse)
	// delivers the whole order — create, pick, pack, ship with a tracking
	// number; the ship step's answer is the delivery, "shipped".
	{kind: "delivery_create", enable: deliveryOn, do: createDelivery},
	{kind: "pick", enable: deliveryOn, do: deliveryStep("pick", "picking", nil)},
	{kind: "pack", enable: deliveryOn, do: deliveryStep("pack", "packed", nil)},
	{kind: "ship", enable: deliveryOn, do: deliveryStep("ship", "shipped", func(n int) map[string]any {
		return map[string]any{"carrier": "sf", "tracking_no": fmt.Sprintf("SF%012d", n)}
	})},
}

// createDelivery makes a draft delivery of every line of the approved
// order o, whole.
func createDelivery(ctx context.Context, c *chain, _, _ int, o orderDoc) (orderDoc, error) {
	lines := make([]map[string]any, len(o.Lines))
	for i, l := range o.Lines {
		lines[i] = map[string]any{"order_line_id": l.ID, "qty": l.Qty}
	}
	return c.call(ctx, "delivery_create", c.plan.ApproverToken, "/api/v1/deliveries", map[string]any{"lines": lines, "carrier": "sf"},
		http.StatusCreated, "draft")
}

// deliveryStep is one action on the delivery d: POST …/{id}/action with
// its version (and extra fields), answering the delivery in status to.
func deliveryStep(action, to string, extra func(n int) map[string]any) func(context.Context, *chain, int, int, orderDoc) (orderDoc, error) {
	return func(ctx context.Context, c *chain, _, n int, d orderDoc) (orderDoc, error) {
		body := map[string]any{"version": d.Version}
		if extra != nil {
			for k, v := range extra(n) {
				body[k] = v
			}
		}
		return c.call(ctx, action, c.plan.ApproverToken, "/api/v1/deliveries/"+fmt.Sprint(d.ID)+"/"+action, body, http.StatusOK, to)
	}
}

func deliveryOn(c *chain) bool { return c.delivery }

// createOrder posts a draft of three lines: the worker's products in turn,
// its customers in turn, price and tax from the price list and product.
func createOrder(ctx context.Context, c *chain, w, n int, _ orderDoc) (orderDoc, error) {
	wp := c.plan.Workers[w]
	lines := make([]map[string]any, 3)
	for i := range lines {
		lines[i] = map[string]any{"product_id": wp.Products[(n*3+i)%len(wp.Products)], "qty": fmt.Sprint(1 + (n+i)%5)}
	}
	body := map[string]any{"customer_id": wp.Customers[n%len(wp.Customers)], "warehouse_id": c.plan.WarehouseID, "lines": lines}
	return c.call(ctx, "create", c.plan.SellerToken, "/api/v1/sales-orders", body, http.StatusCreated, "draft")
}

// call sends one JSON POST, records it under kind and checks the status
// code and the order's status.
func (c *chain) call(ctx context.Context, kind, token, path string, body any, want int, wantStatus string) (orderDoc, error) {
	var o orderDoc
	j, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(j))
	if err != nil {
		return o, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	res := &vegeta.Result{Timestamp: start, BytesOut: uint64(len(j))}
	resp, err := c.hc.Do(req)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		res.Code = uint16(resp.StatusCode)
	}
	res.Latency = time.Since(start)
	res.BytesIn = uint64(len(raw))
	switch {
	case err != nil:
		res.Code, res.Error = 0, err.Error()
	case int(res.Code) != want:
		res.Error = fmt.Sprintf("%s: status %d, want %d: %s", kind, res.Code, want, snippet(raw))
	default:
		if err := json.Unmarshal(raw, &o); err != nil {
			res.Error = fmt.Sprintf("%s: %v", kind, err)
		} else if o.Status != wantStatus {
			res.Error = fmt.Sprintf("%s: order %d is %s, want %s", kind, o.ID, o.Status, wantStatus)
		}
	}
	c.record(kind, res)
	if res.Error != "" {
		return o, fmt.Errorf("%s", res.Error)
	}
	return o, nil
}

// ScenarioSummary is one measured phase of the scenario.
type ScenarioSummary struct {
	Scenario     string                     `json:"scenario"`
	Workers      int                        `json:"workers"`
	DurationSec  float64                    `json:"duration_s"`
	Orders       uint64                     `json:"orders"`
	OrdersPerSec float64                    `json:"orders_per_s"`
	Requests     uint64                     `json:"requests"`
	Kinds        map[string]KindSummary     `json:"kinds"`
	Errors       uint64                     `json:"errors"`
	ErrorSamples []string                   `json:"error_samples,omitempty"`
	kindOrder    []string                   `json:"-"`
	metrics      map[string]*vegeta.Metrics `json:"-"`
}

// KindSummary is the latency of one kind of request.
type KindSummary struct {
	Requests  uint64             `json:"requests"`
	LatencyMS map[string]float64 `json:"latency_ms"`
}

// RunScenario runs the orders scenario: a warm-up whose results are
// thrown away, then cfg.Duration measured. A chain still running at the
// end finishes (within -timeout per request) but counts only requests
// started and orders completed in time.
func RunScenario(ctx context.Context, cfg Config) (ScenarioSummary, error) {
	if err := checkLoopback(ctx, cfg.BaseURL); err != nil {
		return ScenarioSummary{}, err
	}
	plan, err := readPlan(cfg.Plan, cfg.Conns)
	if err != nil {
		return ScenarioSummary{}, err
	}
	hc := newClient(cfg)
	c := &chain{hc: hc, base: strings.TrimRight(cfg.BaseURL, "/"), plan: plan, delivery: cfg.Delivery}
	var steps []step
	for _, s := range orderSteps {
		if s.enable == nil || s.enable(c) {
			steps = append(steps, s)
		}
	}
	if cfg.Warmup > 0 {
		c.record = func(string, *vegeta.Result) {}
		runChains(ctx, c, steps, cfg.Conns, cfg.Warmup, 0, func() {})
		if ctx.Err() != nil {
			return ScenarioSummary{}, ctx.Err()
		}
	}
	s := ScenarioSummary{Scenario: "orders", Workers: cfg.Conns, Kinds: map[string]KindSummary{}, metrics: map[string]*vegeta.Metrics{}}
	for _, st := range steps {
		s.kindOrder = append(s.kindOrder, st.kind)
		s.metrics[st.kind] = &vegeta.Metrics{}
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	start := time.Now()
	end := start.Add(cfg.Duration)
	c.record = func(kind string, r *vegeta.Result) {
		if r.Timestamp.After(end) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		s.metrics[kind].Add(r)
		s.Requests++
		if r.Error != "" {
			s.Errors++
			msg := r.Error
			if len(msg) > 300 {
				msg = msg[:300] + "…"
			}
			if !seen[msg] && len(s.ErrorSamples) < maxErrorSamples {
				seen[msg] = true
				s.ErrorSamples = append(s.ErrorSamples, msg)
			}
		}
	}
	runChains(ctx, c, steps, cfg.Conns, cfg.Duration, 1_000_000, func() {
		if time.Now().Before(end) || time.Now().Equal(end) {
			mu.Lock()
			s.Orders++
			mu.Unlock()
		}
	})
	elapsed := min(time.Since(start), cfg.Duration)
	s.DurationSec = elapsed.Seconds()
	if elapsed > 0 {
		s.OrdersPerSec = float64(s.Orders) / elapsed.Seconds()
	}
	for kind, m := range s.metrics {
		m.Close()
		s.Kinds[kind] = KindSummary{Requests: m.Requests, LatencyMS: map[string]float64{
			"p50": ms(m.Latencies.P50), "p95": ms(m.Latencies.P95), "p99": ms(m.Latencies.P99), "max": ms(m.Latencies.Max)}}
	}
	return s, nil
}

func hasKind(steps []step, kind string) bool {
	for _, s := range steps {
		if s.kind == kind {
			return true
		}
	}
	return false
}

// runChains runs n workers for d: each runs whole chains until d has
// passed (a chain started in time is finished); done is called per
// complete chain. seq0 offsets the workers' order counters so warm-up and
// measured orders differ.
func runChains(ctx context.Context, c *chain, steps []step, n int, d time.Duration, seq0 int, done func()) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := seq0; ctx.Err() == nil && time.Now().Before(stop); k++ {
				var o orderDoc
				var err error
				for _, s := range steps {
					if o, err = s.do(ctx, c, w, k, o); err != nil {
						break
					}
				}
				if err == nil {
					done()
				}
			}
		}()
	}
	wg.Wait()
}

func writeScenario(w io.Writer, s ScenarioSummary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scenario      %s (c=%d)\n", s.Scenario, s.Workers)
	fmt.Fprintf(&b, "duration      %.2fs\n", s.DurationSec)
	fmt.Fprintf(&b, "orders        %d complete, %.1f orders/s\n", s.Orders, s.OrdersPerSec)
	fmt.Fprintf(&b, "requests      %d (%.1f req/s)\n", s.Requests, float64(s.Requests)/max(s.DurationSec, 1e-9))
	kinds := append([]string(nil), s.kindOrder...)
	if len(kinds) == 0 {
		for k := range s.Kinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
	}
	for _, k := range kinds {
		m := s.metrics[k]
		if m == nil {
			continue
		}
		fmt.Fprintf(&b, "  %-10s  %6d  p50 %s  p95 %s  p99 %s  max %s\n", k, m.Requests, fmtLatency(m.Latencies.P50),
			fmtLatency(m.Latencies.P95), fmtLatency(m.Latencies.P99), fmtLatency(m.Latencies.Max))
	}
	fmt.Fprintf(&b, "errors        %d\n", s.Errors)
	for _, e := range s.ErrorSamples {
		fmt.Fprintf(&b, "  e.g.        %s\n", e)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
