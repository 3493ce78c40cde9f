package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeSales answers the order path as Taihe does: create (seller, 201
// draft), submit (seller → pending_review), approve (approver → approved).
// Each order's steps must come in order and with the right token.
type fakeSales struct {
	*httptest.Server
	mu       sync.Mutex
	status   map[int64]string
	next     atomic.Int64
	bad      atomic.Int64 // out-of-order steps or wrong tokens
	approves atomic.Int64
	refuse   bool // answer approve with 409
	// Deliveries: their statuses, and the order lines each was made of.
	deliveries map[int64]string
	nextDel    atomic.Int64
}

func newFakeSales(t *testing.T, refuse bool) *fakeSales {
	f := &fakeSales{status: map[int64]string{}, refuse: refuse, deliveries: map[int64]string{}}
	step := func(w http.ResponseWriter, r *http.Request, token, from, to string, code int) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			f.bad.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var id int64
		if r.PathValue("id") != "" {
			fmt.Sscan(r.PathValue("id"), &id)
		} else {
			var in struct {
				CustomerID int64            `json:"customer_id"`
				Lines      []map[string]any `json:"lines"`
			}
			if json.NewDecoder(r.Body).Decode(&in) != nil || in.CustomerID == 0 || len(in.Lines) != 3 {
				f.bad.Add(1)
				w.WriteHeader(http.StatusUnprocessableEntity)
				return
			}
			id = f.next.Add(1)
		}
		f.mu.Lock()
		ok := f.status[id] == from
		if ok {
			f.status[id] = to
		}
		f.mu.Unlock()
		if !ok {
			f.bad.Add(1)
			w.WriteHeader(http.StatusConflict)
			return
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"id":%d,"status":%q,"version":1}`, id, to)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/sales-orders", func(w http.ResponseWriter, r *http.Request) {
		step(w, r, "seller", "", "draft", http.StatusCreated)
	})
	mux.HandleFunc("POST /api/v1/sales-orders/{id}/submit", func(w http.ResponseWriter, r *http.Request) {
		step(w, r, "seller", "draft", "pending_review", http.StatusOK)
	})
	mux.HandleFunc("POST /api/v1/sales-orders/{id}/approve", func(w http.ResponseWriter, r *http.Request) {
		f.approves.Add(1)
		if f.refuse {
			w.WriteHeader(http.StatusConflict)
			return
		}
		step(w, r, "approver", "pending_review", "approved", http.StatusOK)
	})
	// A delivery is made of the approved order's lines (the fake's approve
	// answers none, so an empty list) and walks draft → picking → packed →
	// shipped, each step at the version it was read at.
	mux.HandleFunc("POST /api/v1/deliveries", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Lines []map[string]any `json:"lines"`
		}
		if r.Header.Get("Authorization") != "Bearer approver" || json.NewDecoder(r.Body).Decode(&in) != nil || in.Lines == nil {
			f.bad.Add(1)
			w.WriteHeader(http.StatusUnprocessableEntity)
			return
		}
		id := f.nextDel.Add(1)
		f.mu.Lock()
		f.deliveries[id] = "draft"
		f.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":%d,"status":"draft","version":1}`, id)
	})
	for action, move := range map[string][2]string{"pick": {"draft", "picking"}, "pack": {"picking", "packed"}, "ship": {"packed", "shipped"}} {
		mux.HandleFunc("POST /api/v1/deliveries/{id}/"+action, func(w http.ResponseWriter, r *http.Request) {
			var id int64
			fmt.Sscan(r.PathValue("id"), &id)
			var in struct {
				Version    int    `json:"version"`
				TrackingNo string `json:"tracking_no"`
			}
			_ = json.NewDecoder(r.Body).Decode(&in)
			f.mu.Lock()
			ok := f.deliveries[id] == move[0] && in.Version == 1 && (action != "ship" || in.TrackingNo != "")
			if ok {
				f.deliveries[id] = move[1]
			}
			f.mu.Unlock()
			if !ok || r.Header.Get("Authorization") != "Bearer approver" {
				f.bad.Add(1)
				w.WriteHeader(http.StatusConflict)
				return
			}
			fmt.Fprintf(w, `{"id":%d,"status":%q,"version":1}`, id, move[1])
		})
	}
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func writePlan(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "plan.json")
	plan := `{"tenant":"t","seller_token":"seller","approver_token":"approver","warehouse_id":1,"workers":[
		{"customers":[1],"products":[1,2,3]},{"customers":[2],"products":[4,5,6]}]}`
	if err := os.WriteFile(p, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every complete order went through create, submit and approve in order,
// each request is counted under its kind, and nothing failed.
func TestScenarioOrdersRunsTheChain(t *testing.T) {
	f := newFakeSales(t, false)
	cfg := mustConfig(t, "-url", f.URL, "-scenario", "orders", "-plan", writePlan(t), "-c", "2", "-d", "300ms", "-warmup", "0")
	s, err := RunScenario(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Orders == 0 || s.Errors != 0 || f.bad.Load() != 0 {
		t.Fatalf("orders %d, errors %d %v, bad steps %d", s.Orders, s.Errors, s.ErrorSamples, f.bad.Load())
	}
	for _, k := range []string{"create", "submit", "approve"} {
		if n := s.Kinds[k].Requests; n < s.Orders || n > s.Orders+2 {
			t.Errorf("%s: %d requests for %d orders", k, n, s.Orders)
		}
	}
	if s.OrdersPerSec <= 0 || s.Kinds["create"].LatencyMS["p95"] <= 0 {
		t.Errorf("odd numbers: %+v", s)
	}
	var out strings.Builder
	if err := writeScenario(&out, s, false); err != nil || !strings.Contains(out.String(), "orders/s") ||
		!strings.Contains(out.String(), "approve") {
		t.Errorf("summary: %v\n%s", err, out.String())
	}
}

// A chain that fails at a step counts an error and no order, and the
// worker starts a new chain instead of going on with that order.
func TestScenarioOrdersCountsFailedChains(t *testing.T) {
	f := newFakeSales(t, true)
	cfg := mustConfig(t, "-url", f.URL, "-scenario", "orders", "-plan", writePlan(t), "-c", "1", "-d", "200ms", "-warmup", "0")
	s, err := RunScenario(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Orders != 0 || s.Errors == 0 || s.Errors != s.Kinds["approve"].Requests || len(s.ErrorSamples) == 0 {
		t.Fatalf("orders %d, errors %d, approves %d, samples %v", s.Orders, s.Errors, s.Kinds["approve"].Requests, s.ErrorSamples)
	}
}

// The scenario needs a plan with enough workers.
func TestScenarioOrdersRefusesBadPlans(t *testing.T) {
	f := newFakeSales(t, false)
	plan := writePlan(t)
	for _, args := range [][]string{{"-c", "3"}, {"-c", "5", "-delivery"}} {
		cfg := mustConfig(t, append([]string{"-url", f.URL, "-scenario", "orders", "-plan", plan, "-d", "100ms"}, args...)...)
		if _, err := RunScenario(context.Background(), cfg); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if _, err := parseConfig([]string{"-scenario", "orders"}, new(strings.Builder)); err == nil {
		t.Error("-scenario without -plan accepted")
	}
	if f.next.Load() != 0 {
		t.Errorf("%d orders created by refused runs", f.next.Load())
	}
}

// With -delivery each complete order is also delivered: create, pick,
// pack and ship, once per order, in that order, with a tracking number.
func TestScenarioOrdersWithDelivery(t *testing.T) {
	f := newFakeSales(t, false)
	cfg := mustConfig(t, "-url", f.URL, "-scenario", "orders", "-plan", writePlan(t), "-c", "2", "-d", "300ms", "-warmup", "0",
		"-delivery")
	s, err := RunScenario(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Orders == 0 || s.Errors != 0 || f.bad.Load() != 0 {
		t.Fatalf("orders %d, errors %d %v, bad steps %d", s.Orders, s.Errors, s.ErrorSamples, f.bad.Load())
	}
	shipped := 0
	f.mu.Lock()
	for _, st := range f.deliveries {
		if st == "shipped" {
			shipped++
		}
	}
	f.mu.Unlock()
	if uint64(shipped) < s.Orders || s.Kinds["ship"].Requests < s.Orders {
		t.Fatalf("%d orders, %d deliveries shipped, %d ship requests", s.Orders, shipped, s.Kinds["ship"].Requests)
	}
}
