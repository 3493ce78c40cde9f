package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

const benchRows = 200_000

var (
	benchCities = []string{"杭州", "上海", "北京", "重庆", "长沙", "厦门", "深圳", "广州", "苏州", "南京",
		"成都", "武汉", "宁波", "温州", "无锡", "常州", "合肥", "福州", "济南", "青岛",
		"郑州", "西安", "天津", "大连", "沈阳", "长春", "昆明", "贵阳", "南宁", "南昌",
		"太原", "石家庄", "兰州", "东莞", "佛山", "珠海", "泉州", "绍兴", "嘉兴", "台州"}
	benchNames = []rune("华新东盛达恒瑞祥泰丰源通利宏兴金鼎嘉和安信诚远佳明德正永博优立")
	benchInds  = []string{"科技", "贸易", "机械", "电子", "食品", "服装", "建材", "物流", "化工", "医药",
		"纺织", "汽配", "家具", "包装", "五金", "印刷", "塑胶", "照明", "环保", "能源",
		"软件", "网络", "商贸", "实业", "投资", "农业", "酒店", "餐饮", "教育", "广告"}
	benchSuffix = []string{"有限公司", "股份有限公司", "有限责任公司"}
)

// fill inserts benchRows rows, 3 of 4 in tenant 2, the rest in tenant 3, in
// transactions of multi-row INSERTs. It returns one phone of tenant 2.
func fill(b *testing.B, d *db.DB) string {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	const batch = 500
	var phone string
	start := time.Now()
	for done := 0; done < benchRows; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var sb strings.Builder
			sb.WriteString("INSERT INTO search_test_items (tenant_id, name, phone, search_text) VALUES ")
			args := make([]any, 0, batch*4)
			for i := 0; i < batch; i++ {
				tenant := int64(2)
				if (done+i)%4 == 3 {
					tenant = 3
				}
				name := benchCities[r.IntN(len(benchCities))] + string(benchNames[r.IntN(len(benchNames))]) +
					string(benchNames[r.IntN(len(benchNames))]) + benchInds[r.IntN(len(benchInds))] +
					benchSuffix[r.IntN(len(benchSuffix))]
				ph := fmt.Sprintf("1%02d-%04d-%04d", 30+r.IntN(60), r.IntN(10000), r.IntN(10000))
				if done+i == benchRows/2 {
					phone = ph
				}
				if i > 0 {
					sb.WriteString(",")
				}
				sb.WriteString("(?, ?, ?, ?)")
				args = append(args, tenant, name, ph, Text(name, ph))
			}
			_, err := tx.Exec(ctx, sb.String(), args...)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if d.Dialect == db.Postgres {
		if _, err := d.WriterRaw().ExecContext(ctx, "ANALYZE search_test_items"); err != nil {
			b.Fatal(err)
		}
	} else if _, err := d.WriterRaw().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: filled %d rows in %s", d.Dialect, benchRows, time.Since(start).Round(time.Millisecond))
	return phone
}

// BenchmarkSearch fills 200,000 rows per database and times searches with
// LIMIT 20 in tenant 2 (150,000 rows). Besides ns/op it reports the p95 and
// the number of rows found.
//
//	go test ./internal/platform/search/ -run '^$' -bench Search -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			var d *db.DB
			if dialect == db.SQLite {
				d = testdb.SQLite(b, testSet(b))
			} else {
				d = testdb.Postgres(b, testSet(b))
			}
			phone := fill(b, d)
			digits := strings.ReplaceAll(phone, "-", "")[3:11] // 8 digits inside the number
			queries := []struct{ name, term, order string }{
				{"initials_hzkj", "hzkj", ""},
				{"initials_hzkj_order_id", "hzkj", " ORDER BY i.id"},
				{"pinyin_hangzhoukeji_none", "hangzhoukeji", ""},
				{"pinyin_hangzhouhua", "hangzhouhua", ""},
				{"2char_科技", "科技", ""},
				{"2char_rare_鑫淼", "鑫淼", ""},
				{"2char_华新", "华新", ""},
				{"2latin_rare_vv_scan", "vv", ""},
				{"phone_8digits", digits, ""},
				{"name_3char_rare_杭州华", "杭州华新", ""},
			}
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					ctx := context.Background()
					sc := db.Tenant(d.Read(), 2)
					c := testIndex.Match(sc, "i", q.term)
					query := "SELECT i.id, i.name FROM search_test_items i " + c.Join + " WHERE " + c.Where + q.order + " LIMIT 20"
					if os.Getenv("TAIHE_EXPLAIN") != "" {
						explain(b, d, query, c.Bind())
					}
					times := make([]time.Duration, 0, b.N)
					var rows []struct {
						ID   int64  `db:"id"`
						Name string `db:"name"`
					}
					b.ResetTimer()
					for b.Loop() {
						t0 := time.Now()
						rows = rows[:0]
						if err := sc.Select(ctx, &rows, query, c.Bind()...); err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(t0))
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
					b.ReportMetric(float64(len(rows)), "rows")
				})
			}
		})
	}
}

// explain logs the plan of query (TAIHE_EXPLAIN=1), to check the index is used.
func explain(b *testing.B, d *db.DB, query string, args []any) {
	ctx := context.Background()
	prefix := "EXPLAIN QUERY PLAN "
	if d.Dialect == db.Postgres {
		prefix = "EXPLAIN (ANALYZE, COSTS OFF) "
	}
	rows, err := d.Read().Query(ctx, prefix+query, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		plan = append(plan, fmt.Sprint(vals[len(vals)-1]))
	}
	b.Logf("%s\n%s", query, strings.Join(plan, "\n"))
}
