// Command seedusers fills a tenant with many users so that list screens can
// be measured at scale (the users list with 100,000 users).
//
//	go run ./bench/seedusers -data ./taihe-data -tenant demo -n 100000
//	TAIHE_DB=postgres://… go run ./bench/seedusers -tenant demo -n 100000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/taihe-erp/taihe/bench/seed"
	"github.com/taihe-erp/taihe/internal/platform/db"
)

func main() {
	data := flag.String("data", "./taihe-data", "data directory (SQLite)")
	dsn := flag.String("db", os.Getenv("TAIHE_DB"), "database DSN (default: SQLite in -data)")
	code := flag.String("tenant", "demo", "tenant code")
	n := flag.Int("n", 100000, "users to add")
	flag.Parse()
	ctx := context.Background()
	d, err := db.Open(ctx, *dsn, *data)
	if err != nil {
		fail(err)
	}
	defer d.Close()
	start := time.Now()
	if err := seed.Users(ctx, d, *code, *n); err != nil {
		fail(err)
	}
	fmt.Printf("added %d users to tenant %q in %s\n", *n, *code, time.Since(start).Round(time.Millisecond))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "seedusers:", err)
	os.Exit(1)
}
