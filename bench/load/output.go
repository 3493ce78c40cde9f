package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

func writeSummary(w io.Writer, s Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	codes := make([]string, 0, len(s.Status))
	for c := range s.Status {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		a, _ := strconv.Atoi(codes[i])
		b, _ := strconv.Atoi(codes[j])
		return a < b
	})
	status := make([]string, len(codes))
	for i, c := range codes {
		status[i] = fmt.Sprintf("%s:%d", c, s.Status[c])
	}
	if len(status) == 0 {
		status = []string{"-"}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "target        %s %s (c=%d)\n", s.Method, s.Target, s.Connections)
	fmt.Fprintf(&b, "requests      %d\n", s.Requests)
	fmt.Fprintf(&b, "duration      %.2fs\n", s.Duration.Seconds())
	fmt.Fprintf(&b, "throughput    %.1f req/s\n", s.Throughput)
	fmt.Fprintf(&b, "latency p50   %s  p95 %s  p99 %s  max %s\n",
		fmtLatency(s.P50), fmtLatency(s.P95), fmtLatency(s.P99), fmtLatency(s.Max))
	fmt.Fprintf(&b, "status        %s\n", strings.Join(status, " "))
	fmt.Fprintf(&b, "errors        %d\n", s.Errors)
	for _, e := range s.ErrorSamples {
		fmt.Fprintf(&b, "  e.g.        %s\n", e)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fmtLatency prints milliseconds, as in "3.1ms"; sub-millisecond values keep
// two decimals so loopback latencies do not all read 0.x.
func fmtLatency(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d < time.Millisecond:
		return fmt.Sprintf("%.2fms", ms(d))
	default:
		return fmt.Sprintf("%.1fms", ms(d))
	}
}
