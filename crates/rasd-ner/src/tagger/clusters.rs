//! Word clusters learned from unlabelled text: what the tagger knows of a
//! word that its training data never shows.
//!
//! Half of the entity words a tagger misses in news are words its labelled
//! data never had (foreign names, clubs, companies). Unlabelled news has
//! many of them, in the same company as the names the labelled data does
//! have: "the striker X", "X said", "the company X". Clustering words by
//! the company they keep (Brown et al. 1992; Miller et al. 2004 and
//! Ratinov & Roth 2009 for NER) gives each such word a class the tagger has
//! learned weights for.
//!
//! The clusters here are learned by the exchange algorithm (Kneser & Ney
//! 1993; Martin, Liermann & Ney 1998): every word starts in a class (by
//! frequency rank, round robin), then each word in turn moves to the class
//! that most raises the likelihood of the text under a class bigram model,
//! `Σ N(c, d) log N(c, d) − 2 Σ N(c) log N(c)`, until few words move. Two
//! independent runs give a coarse and a fine clustering. Words are the
//! tagger's light stems (`TagInput::stem`), so that لروسيا and وروسيا share
//! روسيا's class. The run is deterministic.
//!
//! The file (`models/ner/clusters.bin`, [`Clusters::to_bytes`]) holds only
//! 64-bit hashes of the stems and their two class numbers: no text.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::features::{hash_str, NoHashBuilder};
use super::model::ModelError;

/// The first bytes of a cluster file.
pub const CLUSTER_MAGIC: &[u8; 8] = b"RASDCLU1";

/// Word classes, by stem hash.
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    /// `(coarse + 1) << 16 | (fine + 1)` of each known stem hash.
    map: HashMap<u64, u32, NoHashBuilder>,
    coarse: u16,
    fine: u16,
}

static BUILTIN_BYTES: &[u8] = include_bytes!("../../../../models/ner/clusters.bin");

static BUILTIN: LazyLock<Clusters> = LazyLock::new(|| {
    if BUILTIN_BYTES.is_empty() {
        return Clusters::default();
    }
    Clusters::from_bytes(BUILTIN_BYTES).unwrap_or_else(|e| {
        panic!("the embedded word clusters are unusable ({e}); rebuild them as models/ner/README.md says")
    })
});

/// How [`Clusters::learn`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterConfig {
    /// Classes of the coarse clustering.
    pub coarse: u16,
    /// Classes of the fine clustering.
    pub fine: u16,
    /// Words seen fewer times get no class.
    pub min_count: u32,
    /// Most passes over the vocabulary.
    pub iterations: u32,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            coarse: 64,
            fine: 512,
            min_count: 3,
            iterations: 12,
        }
    }
}

/// What one pass of the exchange algorithm did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterPass {
    /// Classes of the clustering.
    pub classes: u16,
    /// The pass, from 1.
    pub pass: u32,
    /// Words that changed class.
    pub moved: usize,
    /// The objective after the pass (higher is better).
    pub objective: f64,
}

impl Clusters {
    /// The clusters embedded in the crate (learned from news text, see
    /// `models/ner/README.md`); empty when the embedded file is.
    pub fn builtin() -> &'static Clusters {
        &BUILTIN
    }

    /// Known stems.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no stem is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The classes of the stem whose hash is `stem`: `(coarse + 1) << 16 |
    /// (fine + 1)`, 0 when the stem is unknown.
    #[inline]
    pub(crate) fn of_hash(&self, stem: u64) -> u32 {
        if self.map.is_empty() {
            return 0;
        }
        self.map.get(&stem).copied().unwrap_or(0)
    }

    /// The coarse and fine class of `stem`, if known.
    pub fn classes(&self, stem: &str) -> Option<(u16, u16)> {
        match self.of_hash(hash_str(stem)) {
            0 => None,
            c => Some(((c >> 16) as u16 - 1, (c & 0xFFFF) as u16 - 1)),
        }
    }

    /// Learns the clusters of the words of `sentences` (each a sequence of
    /// stems), calling `progress` after each pass.
    pub fn learn<S: AsRef<str>>(
        sentences: &[Vec<S>],
        config: ClusterConfig,
        mut progress: impl FnMut(ClusterPass),
    ) -> Clusters {
        // Words by frequency (ties by text), rare words merged into one.
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for s in sentences {
            for w in s {
                *counts.entry(w.as_ref()).or_default() += 1;
            }
        }
        let mut vocab: Vec<(&str, u32)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= config.min_count.max(1))
            .collect();
        vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let index: HashMap<&str, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, &(w, _))| (w, i as u32))
            .collect();
        // Id `rare` stands for every rare word, `edge` for the sentence
        // edges; both are clustered like words but get no class in the file.
        let rare = vocab.len() as u32;
        let edge = rare + 1;
        let ids: Vec<Vec<u32>> = sentences
            .iter()
            .map(|s| {
                let mut v = Vec::with_capacity(s.len() + 2);
                v.push(edge);
                v.extend(
                    s.iter()
                        .map(|w| index.get(w.as_ref()).copied().unwrap_or(rare)),
                );
                v.push(edge);
                v
            })
            .collect();
        let graph = Graph::new(&ids, vocab.len() + 2);
        let coarse = exchange(&graph, config.coarse, config.iterations, &mut progress);
        let fine = exchange(&graph, config.fine, config.iterations, &mut progress);
        let mut map = HashMap::with_capacity_and_hasher(vocab.len(), NoHashBuilder);
        for (i, &(w, _)) in vocab.iter().enumerate() {
            map.insert(hash_str(w), (coarse[i] + 1) << 16 | (fine[i] + 1));
        }
        Clusters {
            map,
            coarse: config.coarse,
            fine: config.fine,
        }
    }

    /// The file: [`CLUSTER_MAGIC`], the coarse and fine class counts
    /// (u16 each), the entry count (u32), then per stem, sorted by hash,
    /// its hash (u64), coarse and fine class (u16 each); then an FNV-1a
    /// 64-bit checksum of everything before it. Little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<(u64, u32)> = self.map.iter().map(|(&k, &v)| (k, v)).collect();
        entries.sort_unstable();
        let mut out = Vec::with_capacity(20 + entries.len() * 12 + 8);
        out.extend_from_slice(CLUSTER_MAGIC);
        out.extend_from_slice(&self.coarse.to_le_bytes());
        out.extend_from_slice(&self.fine.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (k, v) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&(((v >> 16) as u16) - 1).to_le_bytes());
            out.extend_from_slice(&(((v & 0xFFFF) as u16) - 1).to_le_bytes());
        }
        let sum = fnv(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads what [`Clusters::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters, ModelError> {
        let invalid = |what: &str| ModelError::Invalid(format!("word clusters: {what}"));
        if bytes.len() < 24 || &bytes[..8] != CLUSTER_MAGIC {
            return Err(invalid("the file does not start with RASDCLU1"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        if fnv(body).to_le_bytes() != sum {
            return Err(ModelError::Checksum);
        }
        let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
        let (coarse, fine) = (u16_at(8), u16_at(10));
        let n = u32::from_le_bytes(body[12..16].try_into().expect("4 bytes")) as usize;
        if body.len() != 16 + n * 12 {
            return Err(invalid("the entry count does not match the length"));
        }
        let mut map = HashMap::with_capacity_and_hasher(n, NoHashBuilder);
        for e in body[16..].chunks_exact(12) {
            let k = u64::from_le_bytes(e[..8].try_into().expect("8 bytes"));
            let (c, f) = (u16_at_slice(&e[8..10]), u16_at_slice(&e[10..12]));
            if c >= coarse || f >= fine {
                return Err(invalid("a class number out of range"));
            }
            map.insert(k, (u32::from(c) + 1) << 16 | (u32::from(f) + 1));
        }
        Ok(Clusters { map, coarse, fine })
    }
}

fn u16_at_slice(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The word bigram graph: for each word, its right and left neighbours
/// with counts (compressed rows), its self-bigram count and its count.
struct Graph {
    right: Vec<(u32, u32)>,
    right_at: Vec<usize>,
    left: Vec<(u32, u32)>,
    left_at: Vec<usize>,
    selfs: Vec<u32>,
    count: Vec<u64>,
}

impl Graph {
    fn new(ids: &[Vec<u32>], n: usize) -> Graph {
        let mut pairs: Vec<(u32, u32)> = ids
            .iter()
            .flat_map(|s| s.windows(2).map(|w| (w[0], w[1])))
            .collect();
        pairs.sort_unstable();
        let mut bigrams: Vec<(u32, u32, u32)> = Vec::new();
        for p in pairs {
            match bigrams.last_mut() {
                Some(last) if (last.0, last.1) == p => last.2 += 1,
                _ => bigrams.push((p.0, p.1, 1)),
            }
        }
        let mut count = vec![0u64; n];
        let mut selfs = vec![0u32; n];
        for &(a, b, c) in &bigrams {
            count[a as usize] += u64::from(c);
            if a == b {
                selfs[a as usize] = c;
            }
        }
        let rows = |key: &dyn Fn(&(u32, u32, u32)) -> (u32, u32)| {
            let mut v: Vec<(u32, u32, u32)> = bigrams
                .iter()
                .filter(|b| b.0 != b.1)
                .map(|b| {
                    let (x, y) = key(b);
                    (x, y, b.2)
                })
                .collect();
            v.sort_unstable();
            let mut at = vec![0usize; n + 1];
            for &(x, _, _) in &v {
                at[x as usize + 1] += 1;
            }
            for i in 0..n {
                at[i + 1] += at[i];
            }
            (v.into_iter().map(|(_, y, c)| (y, c)).collect(), at)
        };
        let (right, right_at) = rows(&|b| (b.0, b.1));
        let (left, left_at) = rows(&|b| (b.1, b.0));
        Graph {
            right,
            right_at,
            left,
            left_at,
            selfs,
            count,
        }
    }

    fn len(&self) -> usize {
        self.count.len()
    }
}

/// `x ln x`, with a table for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    fn new() -> XLogX {
        XLogX {
            table: (0..1u64 << 16).map(|x| xlogx(x as f64)).collect(),
        }
    }

    #[inline]
    fn get(&self, x: u64) -> f64 {
        match self.table.get(x as usize) {
            Some(&v) => v,
            None => xlogx(x as f64),
        }
    }

    /// `f(x + d) − f(x)`.
    #[inline]
    fn delta(&self, x: u64, d: u64) -> f64 {
        self.get(x + d) - self.get(x)
    }
}

fn xlogx(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        x * x.ln()
    }
}

/// The exchange algorithm with `k` classes: the class of each word of
/// `graph`.
fn exchange(
    graph: &Graph,
    k: u16,
    iterations: u32,
    progress: &mut impl FnMut(ClusterPass),
) -> Vec<u32> {
    let k = usize::from(k.max(2));
    let n = graph.len();
    let f = XLogX::new();
    // Words are ids by frequency rank: round robin spreads the frequent
    // ones over all classes.
    let mut class: Vec<u32> = (0..n).map(|w| (w % k) as u32).collect();
    // m[c * k + d]: bigrams of a word of class c then one of class d.
    let mut m = vec![0u64; k * k];
    let mut size = vec![0u64; k];
    for w in 0..n {
        let cw = class[w] as usize;
        size[cw] += graph.count[w];
        for &(v, c) in &graph.right[graph.right_at[w]..graph.right_at[w + 1]] {
            m[cw * k + class[v as usize] as usize] += u64::from(c);
        }
        m[cw * k + cw] += u64::from(graph.selfs[w]);
    }
    let objective = |m: &[u64], size: &[u64]| -> f64 {
        m.iter().map(|&x| f.get(x)).sum::<f64>() - 2.0 * size.iter().map(|&x| f.get(x)).sum::<f64>()
    };
    // Per word: class counts of its right (r) and left (l) neighbours.
    let mut r = vec![0u64; k];
    let mut l = vec![0u64; k];
    let (mut rs, mut ls): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for pass in 1..=iterations {
        let mut moved = 0;
        for w in 0..n {
            let from = class[w] as usize;
            rs.clear();
            ls.clear();
            for &(v, c) in &graph.right[graph.right_at[w]..graph.right_at[w + 1]] {
                let cv = class[v as usize] as usize;
                if r[cv] == 0 {
                    rs.push(cv);
                }
                r[cv] += u64::from(c);
            }
            for &(v, c) in &graph.left[graph.left_at[w]..graph.left_at[w + 1]] {
                let cv = class[v as usize] as usize;
                if l[cv] == 0 {
                    ls.push(cv);
                }
                l[cv] += u64::from(c);
            }
            let own = u64::from(graph.selfs[w]);
            let cnt = graph.count[w];
            // Take w out of its class.
            for &c in &rs {
                m[from * k + c] -= r[c];
            }
            for &c in &ls {
                m[c * k + from] -= l[c];
            }
            m[from * k + from] -= own;
            size[from] -= cnt;
            // The gain of putting it into each class.
            let gain = |b: usize| -> f64 {
                let mut g = 0.0;
                for &c in &rs {
                    if c != b {
                        g += f.delta(m[b * k + c], r[c]);
                    }
                }
                for &c in &ls {
                    if c != b {
                        g += f.delta(m[c * k + b], l[c]);
                    }
                }
                g += f.delta(m[b * k + b], r[b] + l[b] + own);
                g - 2.0 * f.delta(size[b], cnt)
            };
            let mut best = from;
            let mut best_gain = gain(from);
            for b in 0..k {
                if b != from {
                    let g = gain(b);
                    if g > best_gain + 1e-9 {
                        best = b;
                        best_gain = g;
                    }
                }
            }
            // Put it there.
            for &c in &rs {
                m[best * k + c] += r[c];
            }
            for &c in &ls {
                m[c * k + best] += l[c];
            }
            m[best * k + best] += own;
            size[best] += cnt;
            if best != from {
                class[w] = best as u32;
                moved += 1;
            }
            for &c in &rs {
                r[c] = 0;
            }
            for &c in &ls {
                l[c] = 0;
            }
        }
        progress(ClusterPass {
            classes: k as u16,
            pass,
            moved,
            objective: objective(&m, &size),
        });
        if moved * 1000 < n {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two kinds of words in two kinds of places: the clusters find them.
    #[test]
    fn words_in_the_same_company_share_a_class() {
        let cities = ["القاهرة", "دمشق", "بغداد", "عمان", "الرباط", "تونس"];
        let people = ["أحمد", "محمود", "سعيد", "خالد", "يوسف", "عمر"];
        let mut sentences = Vec::new();
        for i in 0..300 {
            let city = cities[i % cities.len()];
            let person = people[(i * 7 + 3) % people.len()];
            sentences.push(vec!["وصل", person, "إلى", city, "أمس"]);
            sentences.push(vec!["قال", person, "في", city]);
        }
        let config = ClusterConfig {
            coarse: 8,
            fine: 16,
            min_count: 1,
            iterations: 20,
        };
        let c = Clusters::learn(&sentences, config, |_| {});
        let coarse = |w: &str| c.classes(w).expect("known").0;
        for group in [&cities[..], &people[..]] {
            for w in group {
                assert_eq!(coarse(w), coarse(group[0]), "{w}");
            }
        }
        assert_ne!(coarse(cities[0]), coarse(people[0]));
        assert_eq!(c.classes("غريب"), None);
        // The file reads back the same.
        let back = Clusters::from_bytes(&c.to_bytes()).expect("reads");
        for w in cities.iter().chain(&people).chain(&["وصل", "في"]) {
            assert_eq!(back.classes(w), c.classes(w));
        }
        assert_eq!(back.to_bytes(), c.to_bytes());
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let sentences = vec![vec!["أ", "ب", "ج"]; 5];
        let c = Clusters::learn(&sentences, ClusterConfig::default(), |_| {});
        let mut bytes = c.to_bytes();
        assert!(Clusters::from_bytes(&bytes[..10]).is_err());
        let last = bytes.len() - 9;
        bytes[last] ^= 1;
        assert!(matches!(
            Clusters::from_bytes(&bytes),
            Err(ModelError::Checksum)
        ));
    }
}
