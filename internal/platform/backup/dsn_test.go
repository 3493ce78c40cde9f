package backup

import (
	"reflect"
	"testing"
)

func TestSQLitePath(t *testing.T) {
	tests := []struct{ dsn, dataDir, want string }{
		{"", "/var/lib/taihe", "/var/lib/taihe/taihe.db"},
		{"/srv/erp.db", "/var/lib/taihe", "/srv/erp.db"},
		{"sqlite:///srv/erp.db", "", "/srv/erp.db"},
		{"sqlite://", "data", "data/taihe.db"},
		{"rel/erp.db", "data", "rel/erp.db"},
	}
	for _, tc := range tests {
		if got := SQLitePath(tc.dsn, tc.dataDir); got != tc.want {
			t.Errorf("SQLitePath(%q, %q) = %q, want %q", tc.dsn, tc.dataDir, got, tc.want)
		}
	}
}

func TestPGTarget(t *testing.T) {
	tests := []struct {
		dsn     string
		uri     string
		schemas []string
		env     []string
	}{
		{"postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=t_ab12",
			"postgres://postgres@127.0.0.1:5432/test?sslmode=disable", []string{"t_ab12"}, nil},
		// The password goes to PGPASSWORD, not argv; pgx-only settings go away.
		{"postgresql://taihe:p%40ss%3Aw@db.internal/erp?pool_max_conns=10&search_path=%22%24user%22,erp&connect_timeout=5&timezone=Asia/Shanghai",
			"postgresql://taihe@db.internal/erp?connect_timeout=5", []string{"erp"}, []string{"PGPASSWORD=p@ss:w"}},
		{"postgres://u@h/db", "postgres://u@h/db", nil, nil},
	}
	for _, tc := range tests {
		got, err := pgTargetOf(tc.dsn)
		if err != nil {
			t.Errorf("pgTargetOf(%q): %v", tc.dsn, err)
			continue
		}
		want := pgTarget{uri: tc.uri, schemas: tc.schemas, env: tc.env}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pgTargetOf(%q) =\n %+v\nwant\n %+v", tc.dsn, got, want)
		}
	}
}
