// Command load drives a running Taihe server over loopback with a fixed number
// of concurrent workers and prints throughput, latency percentiles, status
// counts and errors. See bench/README.md.
//
// It refuses any target that is not a loopback address: load traffic to other
// hosts is not allowed in this workplace. The check is made on the URL before
// anything is sent and again on every dial, so a redirect or a DNS answer that
// changes mid-run cannot take the traffic elsewhere.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Config is one load run, filled from flags.
type Config struct {
	BaseURL       string
	Path          string
	Method        string
	Conns         int
	Duration      time.Duration
	Warmup        time.Duration
	Timeout       time.Duration
	Token         string
	Login         string // "tenant/username/password"
	CookieSession bool
	ExpectStatus  int
	JSON          bool
	Scenario      string // "orders": the sales order path (scenario.go)
	Plan          string // the scenario's plan file (bench/seedsales)
	Delivery      bool   // the scenario's chain includes delivery and ship
}

// target is the full URL requests go to.
func (c Config) target() string {
	return strings.TrimRight(c.BaseURL, "/") + "/" + strings.TrimLeft(c.Path, "/")
}

// usageError is a bad flag combination: exit 2, like flag parsing errors.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func parseConfig(args []string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.BaseURL, "url", "http://127.0.0.1:8080", "base URL of the Taihe server (must be loopback)")
	fs.StringVar(&c.Path, "path", "/api/v1/me", "request path")
	fs.StringVar(&c.Method, "method", http.MethodGet, "HTTP method")
	fs.IntVar(&c.Conns, "c", 32, "connections = concurrent workers")
	fs.DurationVar(&c.Duration, "d", 10*time.Second, "measured duration (> 0)")
	fs.DurationVar(&c.Warmup, "warmup", 2*time.Second, "warm-up before measuring; its results are discarded")
	fs.DurationVar(&c.Timeout, "timeout", 5*time.Second, "per-request timeout; bounds how long the run can overshoot -d")
	fs.StringVar(&c.Token, "token", "", "API token, sent as Authorization: Bearer")
	fs.StringVar(&c.Login, "login", "", `log in first as "tenant/username/password" (POST /api/v1/auth/login)`)
	fs.BoolVar(&c.CookieSession, "cookie-session", false, "with -login: send the session cookie from the login response instead of the bearer token")
	fs.IntVar(&c.ExpectStatus, "expect-status", http.StatusOK, "responses with another status count as errors")
	fs.BoolVar(&c.JSON, "json", false, "print the summary as JSON")
	fs.StringVar(&c.Scenario, "scenario", "", `"orders": run the sales order path (create, submit, approve) per worker instead of one request`)
	fs.StringVar(&c.Plan, "plan", "", "with -scenario: the plan file bench/seedsales wrote (tokens, customers, products)")
	fs.BoolVar(&c.Delivery, "delivery", false, "with -scenario orders: also create a delivery and ship it")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Sprintf("unexpected arguments: %q", fs.Args())}
	}
	switch {
	case c.Conns < 1:
		return c, usageError{"-c must be at least 1"}
	case c.Duration <= 0:
		// vegeta treats a zero duration as "run until stopped"; we never do.
		return c, usageError{"-d must be > 0"}
	case c.Warmup < 0:
		return c, usageError{"-warmup must be >= 0"}
	case c.Timeout <= 0:
		return c, usageError{"-timeout must be > 0"}
	case c.Token != "" && c.Login != "":
		return c, usageError{"use -token or -login, not both"}
	case c.CookieSession && c.Login == "":
		return c, usageError{"-cookie-session needs -login"}
	case c.ExpectStatus < 100 || c.ExpectStatus > 599:
		return c, usageError{"-expect-status must be an HTTP status code"}
	case c.Scenario != "" && c.Scenario != "orders":
		return c, usageError{`-scenario must be "orders"`}
	case c.Scenario != "" && c.Plan == "":
		return c, usageError{"-scenario needs -plan"}
	case c.Scenario == "" && (c.Plan != "" || c.Delivery):
		return c, usageError{"-plan and -delivery need -scenario"}
	}
	if c.Login != "" {
		if _, _, _, err := splitLogin(c.Login); err != nil {
			return c, err
		}
	}
	c.Method = strings.ToUpper(c.Method)
	return c, nil
}

// Summary is what one measured phase produced.
type Summary struct {
	Target       string             `json:"target"`
	Method       string             `json:"method"`
	Connections  int                `json:"connections"`
	Requests     uint64             `json:"requests"`
	Duration     time.Duration      `json:"-"`
	DurationSec  float64            `json:"duration_s"`
	Throughput   float64            `json:"throughput_rps"`
	P50          time.Duration      `json:"-"`
	P95          time.Duration      `json:"-"`
	P99          time.Duration      `json:"-"`
	Max          time.Duration      `json:"-"`
	LatencyMS    map[string]float64 `json:"latency_ms"`
	Status       map[string]uint64  `json:"status"` // code 0 (no response) is left out: it is an error
	Errors       uint64             `json:"errors"`
	ErrorSamples []string           `json:"error_samples,omitempty"`
}

const maxErrorSamples = 5

// Run logs in if asked, warms up, then measures for cfg.Duration. It returns
// errNotLoopback before sending anything when the target is not loopback.
// Cancelling ctx stops the attack early; the partial summary is returned.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	if err := checkLoopback(ctx, cfg.BaseURL); err != nil {
		return Summary{}, err
	}
	hc := newClient(cfg)

	hdr := http.Header{}
	switch {
	case cfg.Token != "":
		hdr.Set("Authorization", "Bearer "+cfg.Token)
	case cfg.Login != "":
		sess, err := login(ctx, hc, cfg.BaseURL, cfg.Login)
		if err != nil {
			return Summary{}, err
		}
		if cfg.CookieSession {
			if sess.cookie == "" {
				return Summary{}, errors.New("login: response set no cookie (-cookie-session)")
			}
			hdr.Set("Cookie", sess.cookie)
		} else {
			if sess.token == "" {
				return Summary{}, errors.New(`login: response has no "token" field`)
			}
			hdr.Set("Authorization", "Bearer "+sess.token)
		}
	}
	targeter := vegeta.NewStaticTargeter(vegeta.Target{
		Method: cfg.Method,
		URL:    cfg.target(),
		Header: hdr,
	})

	if cfg.Warmup > 0 {
		// Same client, so the measured phase starts on warm keep-alive connections.
		attack(ctx, cfg, hc, targeter, cfg.Warmup, "warmup", func(*vegeta.Result) {})
		if ctx.Err() != nil {
			return Summary{}, ctx.Err()
		}
	}

	var (
		m       vegeta.Metrics
		status  = map[string]uint64{}
		errs    uint64
		samples []string
	)
	seen := map[string]bool{}
	elapsed := attack(ctx, cfg, hc, targeter, cfg.Duration, "load", func(r *vegeta.Result) {
		m.Add(r)
		if r.Code != 0 {
			status[fmt.Sprint(r.Code)]++
		}
		// vegeta sets Code only once the body was read, so Code 0 is a
		// transport error. It also flags every status >= 400 as an error;
		// here only a status other than -expect-status is one.
		var msg string
		switch {
		case r.Code == 0:
			msg = r.Error
		case int(r.Code) != cfg.ExpectStatus:
			msg = fmt.Sprintf("status %d, want %d", r.Code, cfg.ExpectStatus)
		}
		if msg != "" {
			errs++
			if !seen[msg] && len(samples) < maxErrorSamples {
				seen[msg] = true
				samples = append(samples, msg)
			}
		}
	})
	m.Close()

	s := Summary{
		Target:       cfg.target(),
		Method:       cfg.Method,
		Connections:  cfg.Conns,
		Requests:     m.Requests,
		Duration:     elapsed,
		DurationSec:  elapsed.Seconds(),
		P50:          m.Latencies.P50,
		P95:          m.Latencies.P95,
		P99:          m.Latencies.P99,
		Max:          m.Latencies.Max,
		Status:       status,
		Errors:       errs,
		ErrorSamples: samples,
	}
	if elapsed > 0 {
		s.Throughput = float64(m.Requests) / elapsed.Seconds()
	}
	s.LatencyMS = map[string]float64{
		"p50": ms(s.P50), "p95": ms(s.P95), "p99": ms(s.P99), "max": ms(s.Max),
	}
	return s, nil
}

// attack runs one phase with exactly cfg.Conns workers at the highest rate they
// can reach (Rate{Freq: 0}), so it measures throughput at that concurrency.
// It returns the wall time from start until the last response was read.
func attack(ctx context.Context, cfg Config, hc *http.Client, tr vegeta.Targeter, d time.Duration, name string, each func(*vegeta.Result)) time.Duration {
	w := uint64(cfg.Conns)
	atk := vegeta.NewAttacker(
		vegeta.Client(hc), // first: the options below modify this client's transport
		vegeta.Connections(cfg.Conns),
		vegeta.Workers(w),
		vegeta.MaxWorkers(w),
		vegeta.Timeout(cfg.Timeout),
		vegeta.Redirects(vegeta.NoFollow), // a redirect to a login page must not pass as 200
		vegeta.MaxBody(0),                 // bodies are drained, not kept
	)
	// vegeta stops handing out work after d on its own; the timer and ctx also
	// wake it while every worker is busy. In-flight requests end within -timeout.
	stopTimer := time.AfterFunc(d, func() { atk.Stop() })
	defer stopTimer.Stop()
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
			atk.Stop()
		case <-finished:
		}
	}()

	start := time.Now()
	for r := range atk.Attack(tr, vegeta.Rate{Freq: 0}, d, name) {
		each(r)
	}
	return time.Since(start)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(realMain(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// realMain returns the exit code: 2 for bad flags or a non-loopback target,
// 1 when the run could not start (e.g. login failed), else 0.
func realMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, "load:", err)
		}
		return 2
	}
	if cfg.Scenario != "" {
		s, err := RunScenario(ctx, cfg)
		if err == nil {
			err = writeScenario(stdout, s, cfg.JSON)
		}
		return exitCode(err, stderr)
	}
	s, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		var ue usageError
		if errors.Is(err, errNotLoopback) || errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	if err := writeSummary(stdout, s, cfg.JSON); err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return 1
	}
	return 0
}

// exitCode reports err and maps it as realMain does: 2 for bad flags or a
// non-loopback target, 1 for other failures, 0 for none.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "load:", err)
	var ue usageError
	if errors.Is(err, errNotLoopback) || errors.As(err, &ue) {
		return 2
	}
	return 1
}
