package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
)

func version() string { return app.Version }

func setupLog(level string) {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l})))
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	demo := fs.Bool("demo", false, "seed the demo tenant and users on first start")
	cpuprofile := fs.String("cpuprofile", "", "benchmarks: write a CPU profile of the whole run to this file (stopped at shutdown)")
	cfg, err := config.Load(fs, args)
	if err != nil {
		return err
	}
	if *cpuprofile != "" {
		stop, err := startProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	setupLog(cfg.LogLevel)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	seeded := false
	if *demo {
		if seeded, err = a.SeedDemo(ctx); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	if err := a.Start(ctx); err != nil {
		return fmt.Errorf("background jobs: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	url := cfg.BaseURL
	if url == "" {
		url = "http://" + ln.Addr().String()
	}
	fmt.Printf("Taihe %s is ready at %s (database: %s, started in %s)\n", version(), url, a.DB.Dialect, time.Since(start).Round(time.Millisecond))
	if *demo {
		if seeded {
			fmt.Println("Demo data created.")
		}
		fmt.Printf("Sign in: tenant demo, users admin / manager / sales / warehouse / finance / service, password %s\n", app.DemoPassword)
		fmt.Printf("Platform operator: tenant (empty), user operator, password %s\n", app.DemoPassword)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		slog.Info("shutting down: finishing requests in flight")
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
	}
	return nil
}

// startProfile writes a CPU profile until stop is called (bench runs: see
// bench/README.md).
func startProfile(file string) (stop func(), err error) {
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
