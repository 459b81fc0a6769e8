//! Benchmarks (divan) of `yongquan::han`: `cargo bench --bench han`.
//! Dated results are in the module docs of `src/han.rs`.
//!
//! - `find`: one 100-character Chinese text with three slipped terms, looked
//!   up in generated lexicons of 1 000, 10 000 and 100 000 Chinese terms of
//!   2 to 4 characters: the cost must not grow with the lexicon.
//! - `find_pinyin`: a run of six Latin words in the same lexicons.
//! - `build`: building the index over the built-in lexicon's Chinese terms
//!   (what the first Chinese slip of a process pays) and over the generated
//!   lexicons.

use divan::Bencher;
use yongquan::han::HanIndex;
use yongquan::Matcher;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// SplitMix64: the same terms on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The characters of the common two-character words: a few thousand
/// characters of everyday text, in code point order.
fn pool() -> Vec<char> {
    let mut chars: Vec<char> = include_str!("../data/han/common-2.txt")
        .chars()
        .filter(|c| *c != '\n')
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// `n` distinct terms of 2 to 4 characters drawn from the pool, the
/// symptom terms of the text among them.
fn terms(n: usize) -> Vec<String> {
    let pool = pool();
    let mut rng = Rng(n as u64);
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = ["盗汗", "失眠", "耳鸣", "心悸", "手足心热"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    seen.extend(out.iter().cloned());
    while out.len() < n {
        let len = 2 + rng.below(3);
        let t: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out
}

fn index(n: usize) -> HanIndex {
    let terms = terms(n);
    HanIndex::build(
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.as_str())),
    )
}

/// 100 characters: everyday wording around three slips (盗汉, 失民, 耳呜).
const TEXT: &str = "我最近半年一直睡不好觉，晚上经常盗汉，醒来以后衣服都湿了，白天没有精神，\
                    医生说是失民引起的，我还有耳呜，有时候觉得心里很慌，手脚发热，\
                    吃了很多药都没有用，希望能找到好的办法，谢谢大家帮忙看看我该怎么办才好呢";

#[divan::bench(args = SIZES)]
fn find(bencher: Bencher, n: usize) {
    let ix = index(n);
    let mut out = Vec::new();
    ix.find(TEXT, &mut out);
    assert!(out.len() >= 3, "the three slips are found: {out:?}");
    bencher.bench_local(|| {
        out.clear();
        ix.find(divan::black_box(TEXT), &mut out);
        out.len()
    });
}

#[divan::bench(args = SIZES)]
fn find_pinyin(bencher: Bencher, n: usize) {
    let ix = index(n);
    let words = ["wo", "ye", "li", "dao", "han", "shimian"];
    bencher.bench_local(|| {
        let mut hits = 0;
        for p in 0..words.len() {
            hits += ix
                .find_pinyin(divan::black_box(&words[p..]), |_| false)
                .len();
        }
        hits
    });
}

#[divan::bench]
fn build_builtin(bencher: Bencher) {
    let matcher = Matcher::builtin().expect("the built-in rules load");
    let lex = matcher.lexicon();
    let terms: Vec<(u32, String)> = lex
        .terms()
        .iter()
        .enumerate()
        .map(|(i, t)| (i as u32, lex.normalized(t)))
        .collect();
    bencher.bench_local(|| HanIndex::build(terms.iter().map(|(i, t)| (*i, t.as_str()))).len());
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn build(bencher: Bencher, n: usize) {
    let terms = terms(n);
    bencher.bench_local(|| {
        HanIndex::build(
            terms
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u32, t.as_str())),
        )
        .len()
    });
}
