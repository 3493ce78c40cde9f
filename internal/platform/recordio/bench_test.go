package recordio_test

import (
	"bytes"
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// customerCSV is a customer file of n rows with a column of every kind
// customers have: code, name, kind, phone, e-mail, credit limit, date,
// flag, a dictionary by label, tags, a group by code, a user and the owner.
func customerCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF编码,名称,类型,电话,邮箱,信用额度,开始日期,重要,来源,标签,分组,客服,负责人\n")
	kinds := []string{"单位", "个人"}
	sources := []string{"网站", "展会", "web"}
	tags := []string{"大客户", "新客户", "\"大客户,新客户\"", ""}
	groups := []string{"G1", "G11", "G12"}
	users := []string{"seller", "销售乙", "boss"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "C%06d,杭州泰和第%d贸易有限公司,%s,138%08d,buyer%d@example.cn,%d.%02d,2026-%02d-%02d,%s,%s,%s,%s,%s,%s\n",
			i, i, kinds[i%2], i, i, i%500000, i%100, i%12+1, i%28+1, []string{"是", "否"}[i%2], sources[i%3], tags[i%4],
			groups[i%3], users[i%3], users[(i+1)%3])
	}
	return b.Bytes()
}

// cpuTime is the process's CPU time so far (user + system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkImport100k is the import target of issue 4: a 100,000-row
// customer CSV dry-run and then committed on SQLite, in ≤ 20 s together.
// Run it with -bench Import100k -benchtime 1x; it reports the seconds of
// each step (dry-s, commit-s, total-s) and their CPU seconds (dry-cpu-s,
// commit-cpu-s), which tell the cost when other processes share the cores.
func BenchmarkImport100k(b *testing.B) { benchImport(b, 100000) }

// BenchmarkImport20k is the same at a fifth of the size, for profiling.
func BenchmarkImport20k(b *testing.B) { benchImport(b, 20000) }

func benchImport(b *testing.B, rows int) {
	data := customerCSV(rows)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := newEnv(b, testdb.SQLite(b, migrations()...))
		if _, err := e.imp(e.admin, e.groups, "g.csv", []byte(groupsCSV), recordio.Options{}); err != nil {
			b.Fatal(err)
		}
		e.io.SyncMax = 1 << 30 // timed in the request: the job adds only its polling
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		dry, err := e.imp(e.admin, e.gadgets, "customers.csv", data, recordio.Options{DryRun: true})
		if err != nil || dry.Created != rows {
			b.Fatalf("dry run: %v %+v", err, dry.Problems[:min(3, len(dry.Problems))])
		}
		mid, cpu1 := time.Now(), cpuTime()
		res, err := e.imp(e.admin, e.gadgets, "customers.csv", data, recordio.Options{})
		if err != nil || res.Created != rows || !res.Committed {
			b.Fatalf("commit: %v %+v", err, res.Problems[:min(3, len(res.Problems))])
		}
		end, cpu2 := time.Now(), cpuTime()
		b.ReportMetric(mid.Sub(start).Seconds(), "dry-s")
		b.ReportMetric(end.Sub(mid).Seconds(), "commit-s")
		b.ReportMetric(end.Sub(start).Seconds(), "total-s")
		// CPU seconds tell the cost when other processes share the cores.
		b.ReportMetric((cpu1 - cpu0).Seconds(), "dry-cpu-s")
		b.ReportMetric((cpu2 - cpu1).Seconds(), "commit-cpu-s")
		b.StopTimer()
		var n int
		if err := e.d.Read().Get(context.Background(), &n, `SELECT count(*) FROM gadgets`); err != nil || n != rows {
			b.Fatalf("%d rows, %v", n, err)
		}
	}
}
