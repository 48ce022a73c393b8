//! Text helpers shared by the readers and their messages.

/// `s` cut to its first `max_chars` characters, with `…` when anything was
/// cut (quoted input values stay readable in a message).
pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn cuts_at_characters_not_bytes() {
        assert_eq!(truncate("1.28.3", 6), "1.28.3");
        assert_eq!(truncate("1.28.3x", 6), "1.28.3…");
        assert_eq!(truncate("ünïcödé", 3), "ünï…");
        assert_eq!(truncate("", 0), "");
    }
}
