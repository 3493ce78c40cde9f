package db_test

import (
	"context"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A transaction runs the same statements many times with other arguments
// (kept prepared on SQLite) and each run answers for its own arguments;
// scripts of several statements still run whole.
func TestTxRepeatsStatements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `CREATE TABLE tx_nums (n INTEGER NOT NULL); CREATE TABLE tx_more (n INTEGER)`); err != nil {
				return err
			}
			for i := 1; i <= 5; i++ {
				if _, err := tx.Exec(ctx, `INSERT INTO tx_nums (n) VALUES (?)`, i); err != nil {
					return err
				}
			}
			for from := 1; from <= 6; from++ {
				var ns []int
				if err := tx.Select(ctx, &ns, `SELECT n FROM tx_nums WHERE n >= ? ORDER BY n`, from); err != nil {
					return err
				}
				var count int
				if err := tx.Get(ctx, &count, `SELECT count(*) FROM tx_nums WHERE n >= ?`, from); err != nil {
					return err
				}
				if len(ns) != 6-from || count != 6-from || (len(ns) > 0 && ns[0] != from) {
					t.Errorf("from %d: rows %v, count %d", from, ns, count)
				}
			}
			var more int
			if err := tx.Get(ctx, &more, `SELECT count(*) FROM tx_more`); err != nil || more != 0 {
				t.Errorf("the script's second table: %d %v", more, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
