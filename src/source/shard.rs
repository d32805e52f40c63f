//! `--shard I/N`: a stable share of the inputs, so N machines (a Slurm array, a Kubernetes indexed
//! job) split one run without talking to each other. A document belongs to shard
//! `xxh3(id) mod N`; the hash has a fixed specification, so every machine and every release
//! agrees on the split, and the same document always lands in the same shard (which keeps each
//! shard's incremental state valid from run to run).

use std::fmt;
use std::str::FromStr;

/// One share of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Shard `index` of `count` (0-based), or `None` when `index >= count` or `count == 0`.
    pub fn new(index: u64, count: u64) -> Option<Shard> {
        (index < count).then_some(Shard { index, count })
    }

    /// True when the document with `id` belongs to this shard.
    pub fn takes(&self, id: &str) -> bool {
        xxhash_rust::xxh3::xxh3_64(id.as_bytes()) % self.count == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!("{s:?}: a shard is I/N with 0 <= I < N, such as 0/4 (the first of four shares)")
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let i: u64 = i.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        Shard::new(i, n).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_lands_in_exactly_one_shard() {
        let shards: Vec<Shard> = (0..4).map(|i| Shard::new(i, 4).expect("valid")).collect();
        let mut sizes = [0usize; 4];
        for n in 0..4000 {
            let id = format!("site/page-{n}");
            let owners: Vec<usize> = (0..4).filter(|&i| shards[i].takes(&id)).collect();
            assert_eq!(owners.len(), 1, "{id}");
            sizes[owners[0]] += 1;
        }
        // A fair split: each share within 10% of a quarter.
        assert!(
            sizes.iter().all(|&s| (900..=1100).contains(&s)),
            "{sizes:?}"
        );
    }

    #[test]
    fn shards_are_written_i_slash_n_from_zero() {
        assert_eq!("1/3".parse::<Shard>(), Ok(Shard { index: 1, count: 3 }));
        assert!("3/3".parse::<Shard>().is_err());
        assert!("0/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().unwrap_err().contains("I/N"));
    }
}
