package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is the browser used when TAIHE_CHROMIUM is unset
// (Debian's chromium package, installed by .ci/run).
const DefaultChromium = "/usr/bin/chromium"

// browserStart bounds the start of Chromium (normally ~1–5 s).
const browserStart = 60 * time.Second

// browserCtx is the one Chromium of the package. Tests open their own tab in
// their own browser context (cookies, storage) from it; see newEnv.
var browserCtx context.Context

func TestMain(m *testing.M) {
	// The request log (one line per request) would bury a failure's output.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	os.Exit(run(m))
}

// run starts Chromium, runs the tests and stops it. A browser that is missing
// or does not start fails the package: these tests are never skipped.
func run(m *testing.M) int {
	path := os.Getenv("TAIHE_CHROMIUM")
	if path == "" {
		path = DefaultChromium
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "browsertest: FAIL: "+format+"\n", args...)
		fmt.Fprintf(os.Stderr, "browsertest: the browser tests need Chromium: apt-get install -y chromium fonts-noto-cjk, or set TAIHE_CHROMIUM to its path\n")
		return 1
	}
	if st, err := os.Stat(path); err != nil {
		return fail("Chromium not found at %s: %v", path, err)
	} else if st.IsDir() || st.Mode()&0o111 == 0 {
		return fail("Chromium at %s is not an executable file", path)
	}
	profile, err := os.MkdirTemp("", "taihe-chromium-")
	if err != nil {
		return fail("profile directory: %v", err)
	}
	defer os.RemoveAll(profile)

	var out syncBuffer // the browser's own output, shown when it fails to start
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	// The first Run starts the browser and binds it to ctx, which must have
	// no deadline; the start itself is bounded here.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			return fail("Chromium at %s did not start: %v%s", path, err, tail(out.String()))
		}
	case <-time.After(browserStart):
		return fail("Chromium at %s did not start within %s%s", path, browserStart, tail(out.String()))
	}
	vctx, vcancel := context.WithTimeout(ctx, 10*time.Second)
	v, err := chromedp.CallBrowser(vctx, browser.GetVersion, cdp.Empty{})
	vcancel()
	if err != nil {
		return fail("Chromium at %s does not answer: %v%s", path, err, tail(out.String()))
	}
	fmt.Fprintf(os.Stderr, "browsertest: %s (%s)\n", v.Product, path)
	browserCtx = ctx
	return m.Run()
}

// tail formats the last lines of the browser's output for an error message.
func tail(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return "\nbrowser output:\n  " + strings.Join(lines, "\n  ")
}

// syncBuffer is a bytes.Buffer safe for the browser's output goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
