//! A plan's bytes as text: UTF-8, else GB18030 (which many government
//! files use); full-width digits, letters and signs made half-width so that
//! one set of rules reads both. Chinese punctuation (，。；：、) stays: it
//! is what splits sentences and lists.

/// The text of a plan file and the encoding it was read in.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
        }
    };
    (normalize(&text), encoding)
}

/// Full-width ASCII (U+FF01-FF5E) to half-width, except the punctuation
/// that Chinese text uses as its own (，；：！？（）), and the ideographic
/// space to a space.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '，' | '；' | '：' | '！' | '？' | '（' | '）' => c,
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\r' => '\n',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gb18030_and_full_width_digits() {
        let (gb, _, _) = encoding_rs::GB18030.encode("上市企业达８０家，增长５％");
        let (text, encoding) = decode(&gb);
        assert_eq!(encoding, "GB18030");
        assert_eq!(text, "上市企业达80家，增长5%");
        assert_eq!(decode("达80家".as_bytes()).1, "UTF-8");
    }
}
