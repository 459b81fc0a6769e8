//! [`Groups`]: values grouped by a dense key, each group one slice.
//!
//! The look-up tables rebuilt after loading (terms by first key in the
//! lexicon, rules by symptom in the rule base) are all of this shape; two
//! flat vectors instead of a map of vectors keep rebuilding them to two
//! allocations.

/// Values grouped by keys `0..keys`, in the order they were given.
///
/// Invariant: `start` has `keys + 1` non-decreasing entries, the last one
/// `values.len()`; key `k`'s values are `values[start[k]..start[k + 1]]`.
#[derive(Debug, Clone)]
pub(crate) struct Groups<T> {
    start: Vec<u32>,
    values: Vec<T>,
}

impl<T> Default for Groups<T> {
    fn default() -> Groups<T> {
        Groups {
            start: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Copy> Groups<T> {
    /// Groups `pairs` of (key, value) by key; keys must be below `keys`.
    /// A counting sort: linear, and stable (a key's values keep their order).
    ///
    /// # Panics
    /// If a key is `keys` or more, or with 2³² values or more.
    pub(crate) fn new(keys: usize, pairs: impl IntoIterator<Item = (usize, T)>) -> Groups<T> {
        let pairs: Vec<(usize, T)> = pairs.into_iter().collect();
        let (start, values) = counting_sort(keys, &pairs);
        Groups { start, values }
    }
}

/// The counting sort behind [`Groups`], for a caller that keeps the two
/// vectors itself (the fuzzy index stores them in its snapshot): `start`
/// (`keys + 1` offsets) and the values ordered by key, stable.
///
/// # Panics
/// If a key is `keys` or more, or with 2³² values or more.
pub(crate) fn counting_sort<T: Copy>(keys: usize, pairs: &[(usize, T)]) -> (Vec<u32>, Vec<T>) {
    assert!(pairs.len() < u32::MAX as usize, "under 2^32 values");
    let mut start = vec![0u32; keys + 1];
    for (k, _) in pairs {
        start[k + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let Some(&(_, first)) = pairs.first() else {
        return (start, Vec::new());
    };
    let mut fill = start.clone();
    let mut values = vec![first; pairs.len()];
    for &(k, v) in pairs {
        values[fill[k] as usize] = v;
        fill[k] += 1;
    }
    (start, values)
}

impl<T> Groups<T> {
    /// The values of `key` (empty for a key past the end).
    pub(crate) fn get(&self, key: usize) -> &[T] {
        match (self.start.get(key), self.start.get(key + 1)) {
            (Some(&a), Some(&b)) => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Groups;

    #[test]
    fn groups_keep_order_and_empty_keys() {
        let g = Groups::new(4, [(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd')]);
        assert_eq!(g.get(0), ['b']);
        assert!(g.get(1).is_empty());
        assert_eq!(g.get(2), ['a', 'c']);
        assert_eq!(g.get(3), ['d']);
        assert!(g.get(4).is_empty());
        assert!(Groups::<u8>::default().get(0).is_empty());
    }
}
