package search

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		want  []string // substrings the text must contain
		not   []string // substrings it must not contain
	}{
		{"company", []string{"杭州科技有限公司"}, []string{"杭州科技有限公司", "hangzhoukejiyouxiangongsi", "hzkjyxgs", "|科技|", "|公司|"}, nil},
		{"bigrams only of adjacent Chinese", []string{"杭州 ABC科技"}, []string{"|杭州|", "abc科技|", "|科技|"}, []string{"州a", "州科", "c科|"}},
		{"initials prefix", []string{"中国石油"}, []string{"zgsy", "zhongguoshiyou"}, nil},
		{"bank and city overrides", []string{"重庆银行"}, []string{"chongqingyinhang", "cqyh"}, []string{"zhong", "xing"}},
		{"changsha", []string{"长沙机械厂"}, []string{"changshajixiechang", "csjxc"}, []string{"zhangsha"}},
		{"xiamen", []string{"厦门大厦"}, []string{"xiamendasha", "xmds"}, nil},
		{"industry", []string{"行业协会"}, []string{"hangyexiehui", "hyxh"}, nil},
		{"mixed", []string{"ABC贸易"}, []string{"abc贸易", "abcmaoyi", "abcmy"}, []string{"ABC"}},
		{"full width", []string{"ＡＢＣ１２３"}, []string{"abc123"}, nil},
		{"phone", []string{"+86 138-1234-5678"}, []string{"+86 138-1234-5678", "8613812345678"}, nil},
		{"landline", []string{"(0571) 8888 1234"}, []string{"057188881234"}, nil},
		{"code not phone", []string{"C-2024-001"}, []string{"c-2024-001"}, []string{"2024001"}},
		{"spaces collapsed", []string{"  Hello   World "}, []string{"hello world"}, []string{"  "}},
		{"several parts", []string{"杭州科技", "KH-0001", "13812345678"}, []string{"杭州科技", "hzkj", "kh-0001", "13812345678"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.parts...)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Text(%q) = %q, want it to contain %q", tc.parts, got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("Text(%q) = %q, must not contain %q", tc.parts, got, w)
				}
			}
			if again := Text(tc.parts...); again != got {
				t.Errorf("not deterministic: %q then %q", got, again)
			}
		})
	}
}

func TestTextExact(t *testing.T) {
	got := Text("杭州科技有限公司", "", "0571-8888-1234")
	want := "杭州科技有限公司|hangzhoukejiyouxiangongsi|hzkjyxgs|杭州|州科|科技|技有|有限|限公|公司|0571-8888-1234|057188881234|"
	if got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
	if got := Text(" ", ""); got != "" {
		t.Fatalf("empty parts: %q", got)
	}
	if got := Text("abc", "ABC"); got != "abc|" {
		t.Fatalf("duplicates kept: %q", got)
	}
}

func TestQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  HZKJ ", "hzkj"},
		{"杭州   科技", "杭州 科技"},
		{"\t１３８\n", "138"},
		{"a|b", "a b"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Query(tc.in); got != tc.want {
			t.Errorf("Query(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPhrasesWellFormed(t *testing.T) {
	for k, v := range phrases {
		if len([]rune(k)) != len(v) {
			t.Errorf("phrase %s: %d characters, %d syllables", k, len([]rune(k)), len(v))
		}
		for _, s := range v {
			if s == "" || strings.ToLower(s) != s {
				t.Errorf("phrase %s: bad syllable %q", k, s)
			}
		}
	}
}
