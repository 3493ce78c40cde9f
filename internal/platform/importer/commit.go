package importer

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// Commit writes validated records by calling fn for each, in file order.
//
// All-or-nothing is the caller's transaction: run Commit inside one
// db.InTx and return its error from the transaction function, so any
// failure rolls every row back:
//
//	err := s.db.InTx(ctx, func(tx db.Tx) error {
//		st := newStore(tx, sc)
//		rep, err = importer.Commit(ctx, recs, func(ctx context.Context, i int, r importer.Record) error {
//			return st.upsertCustomer(ctx, r)
//		})
//		return err
//	})
//
// A domain error from fn (an *errs.Error of any kind but internal, e.g.
// errs.Invalid(errs.Field("code", "customers.code_taken"))) becomes a row
// problem and Commit goes on, so one run reports every rejected row; at the
// end it returns an errs.Error with code "import.rejected" (kind invalid,
// one field "rows[<row>].<field>" per problem). fn must detect such cases
// before writing (a SELECT, or a savepoint): on PostgreSQL a failed
// statement aborts the whole transaction. Any other error (the database,
// a cancelled ctx) stops Commit at once and is returned wrapped.
func Commit(ctx context.Context, recs []Record, fn func(ctx context.Context, i int, rec Record) error) (Report, error) {
	rep := Report{Rows: len(recs)}
	for i, r := range recs {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
		}
		err := fn(ctx, i, r)
		if err == nil {
			continue
		}
		e, ok := errs.As(err)
		if !ok || e.Kind == errs.KindInternal {
			return rep, fmt.Errorf("importer: row %d: %w", r.Row, err)
		}
		if len(e.Fields) == 0 {
			rep.Problems = append(rep.Problems, Problem{Row: r.Row, Code: e.Code, Data: e.Data})
			continue
		}
		for _, f := range e.Fields {
			p := Problem{Row: r.Row, Field: f.Field, Code: f.Code, Data: f.Data}
			if v, ok := r.Values[f.Field]; ok && v != nil {
				p.Value = clip(fmt.Sprint(v))
			}
			rep.Problems = append(rep.Problems, p)
		}
	}
	if len(rep.Problems) > 0 {
		return rep, rejected(rep)
	}
	return rep, nil
}

func rejected(rep Report) error {
	e, _ := errs.As(rep.Err())
	e.Code = "import.rejected"
	e.Data = map[string]any{"Count": len(rep.Problems)}
	return e
}
