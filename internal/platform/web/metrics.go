package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are Taihe's Prometheus metrics, on a registry of their own (no
// global default registry).
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics and the Go runtime collectors.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "taihe_http_requests_total",
			Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "taihe_http_request_duration_seconds",
			Help: "HTTP request latency by route pattern.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}},
			[]string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// RegisterDBPool exports pool statistics through fn, read at scrape time.
func (m *Metrics) RegisterDBPool(name string, fn func() (open, inUse, idle, waitCount float64)) {
	gauge := func(metric, help string, pick func() float64) {
		m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metric, Help: help,
			ConstLabels: prometheus.Labels{"pool": name}}, pick))
	}
	gauge("taihe_db_open_connections", "Open database connections.", func() float64 { o, _, _, _ := fn(); return o })
	gauge("taihe_db_in_use_connections", "Database connections in use.", func() float64 { _, u, _, _ := fn(); return u })
	gauge("taihe_db_idle_connections", "Idle database connections.", func() float64 { _, _, i, _ := fn(); return i })
	gauge("taihe_db_wait_count", "Waits for a database connection.", func() float64 { _, _, _, w := fn(); return w })
}

// wrap counts and times requests by the mux pattern they match (not by raw
// path, which would explode the label set).
func (m *Metrics) wrap(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		_, route := mux.Handler(r)
		// Kept for apiNotFound, so the mux is asked once per request.
		r = r.WithContext(context.WithValue(r.Context(), keyPattern, route))
		if route == "" {
			route = "unmatched"
		}
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}
