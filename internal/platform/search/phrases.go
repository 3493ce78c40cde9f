package search

// phrases overrides go-pinyin's per-character reading for polyphonic
// characters in words common in company, bank and place names. go-pinyin has
// no phrase context: it reads 银行 as "yin xing", 重庆 as "zhong qing". Keys
// are matched longest first at each position. Add a word here when a customer
// cannot find a name by its pinyin; keep entries lower-case, one syllable per
// character.
var phrases = map[string][]string{
	// 行 háng: banks, trades, shops (default xíng)
	"银行": {"yin", "hang"}, "行业": {"hang", "ye"}, "商行": {"shang", "hang"},
	"车行": {"che", "hang"}, "分行": {"fen", "hang"}, "支行": {"zhi", "hang"},
	"总行": {"zong", "hang"}, "车行道": {"che", "xing", "dao"}, "琴行": {"qin", "hang"},
	"工行": {"gong", "hang"}, "农行": {"nong", "hang"}, "建行": {"jian", "hang"},
	"中行": {"zhong", "hang"}, "招行": {"zhao", "hang"}, "交行": {"jiao", "hang"},
	"行长": {"hang", "zhang"}, "同行": {"tong", "hang"}, "内行": {"nei", "hang"},
	// places (default readings: 重 zhong, 长 zhang, 厦 sha, 都 dou, 藏 cang…)
	"重庆": {"chong", "qing"}, "长沙": {"chang", "sha"}, "长春": {"chang", "chun"},
	"长治": {"chang", "zhi"}, "长安": {"chang", "an"}, "长江": {"chang", "jiang"},
	"长城": {"chang", "cheng"}, "长兴": {"chang", "xing"}, "长乐": {"chang", "le"},
	"厦门": {"xia", "men"}, "成都": {"cheng", "du"}, "首都": {"shou", "du"},
	"西藏": {"xi", "zang"}, "六安": {"lu", "an"}, "蚌埠": {"beng", "bu"},
	"番禺": {"pan", "yu"}, "乐清": {"yue", "qing"}, "单县": {"shan", "xian"},
	"东莞": {"dong", "guan"}, "涡阳": {"guo", "yang"}, "蔚县": {"yu", "xian"},
	"铅山": {"yan", "shan"}, "台州": {"tai", "zhou"},
	// trades and words
	"大厦": {"da", "sha"}, "会计": {"kuai", "ji"}, "调味": {"tiao", "wei"},
	"音乐": {"yin", "yue"}, "乐器": {"yue", "qi"}, "番茄": {"fan", "qie"},
	"重工": {"zhong", "gong"}, "重型": {"zhong", "xing"}, "增长": {"zeng", "zhang"},
	"供应": {"gong", "ying"}, "调度": {"diao", "du"}, "空调": {"kong", "tiao"},
	"传动": {"chuan", "dong"}, "曾经": {"ceng", "jing"},
}

var maxPhrase = func() int {
	n := 0
	for k := range phrases {
		n = max(n, len([]rune(k)))
	}
	return n
}()

// override returns the syllables and length of the longest phrase at the
// start of rs, or n == 0.
func override(rs []rune) (syl []string, n int) {
	for l := min(maxPhrase, len(rs)); l >= 2; l-- {
		if s, ok := phrases[string(rs[:l])]; ok {
			return s, l
		}
	}
	return nil, 0
}
