//! Targets that serve several functions take the function from the first input octet, an
//! index into a list of names kept in `selectors/<target>.txt`. The seed script reads the
//! same file to prefix each traced message with the octet of its function, so the two
//! never disagree.

/// The names of one target's selector file.
pub struct Selectors(Vec<&'static str>);

impl Selectors {
    /// Parses a selector file: one name per line, `#` comments and blank lines ignored.
    pub fn parse(text: &'static str) -> Selectors {
        Selectors(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        )
    }

    /// The name chosen by the first octet of `data` (modulo the number of names) and the
    /// rest of `data`.
    pub fn pick<'a>(&self, data: &'a [u8]) -> Option<(&'static str, &'a [u8])> {
        let (&first, rest) = data.split_first()?;
        let name = self.0.get(usize::from(first) % self.0.len().max(1))?;
        Some((name, rest))
    }
}
