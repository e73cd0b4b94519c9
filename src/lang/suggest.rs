//! "Did you mean …" suggestions for misspelt names.

/// Edit distance in characters, counting a swap of two neighbours as one
/// edit (`titel` → `title`), the commonest typo.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible
/// typo (a third of the word's length, at least 1, at most 3 edits).
/// Failing that, a candidate that `word` is a clear abbreviation of
/// (`product.risk` → `product.risk_level`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        // The word itself is no suggestion: where a keyword is not allowed,
        // "did you mean `within`?" for `within` only confuses.
        .filter(|(d, _)| (1..=limit).contains(d))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
        .or_else(|| {
            let mut prefixed =
                candidates.iter().filter(|c| word.chars().count() >= 4 && c.starts_with(word) && **c != word);
            match (prefixed.next(), prefixed.next()) {
                (Some(c), None) => Some(*c),
                _ => None,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("保本", "保本"), 0);
        assert_eq!(edit_distance("titel", "title"), 1);
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("eror", ["error", "warning", "info"]), Some("error"));
        assert_eq!(closest("fatal", ["error", "warning", "info"]), None);
    }
}
