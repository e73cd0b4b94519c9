//! Text decoding: BOMs, UTF-8, then encoding detection (GB18030/GBK, Big5, …)
//! with chardetng; binary files are refused.

use super::DocError;
use encoding_rs::{BIG5, EUC_KR, Encoding, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decodes document bytes to text. Returns the text and the name of the
/// encoding it was decoded from. Refuses binary data (NUL bytes, control
/// characters) and bytes that are invalid in the detected encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DocError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return strict(rest, UTF_8).and_then(|t| text_only(t, "UTF-8"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return strict(rest, UTF_16LE).and_then(|t| text_only(t, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return strict(rest, UTF_16BE).and_then(|t| text_only(t, "UTF-16BE"));
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(DocError::Binary(kind.to_string()));
    }
    // NUL bytes before UTF-8: ASCII text in UTF-16 is valid UTF-8 too (every
    // other byte a NUL), and would be refused as binary.
    if has_nul(bytes) {
        return bomless_utf16(bytes);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return text_only(s.to_string(), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = prefer_gbk(bytes, detector.guess(None, chardetng::Utf8Detection::Deny));
    let guess = prefer_big5(bytes, guess);
    let guess = prefer_windows_1252(bytes, guess);
    // Single-byte guesses decode any bytes at all; only trust them for text
    // that is mostly ASCII (a Latin-1 letter here and there).
    let single_byte = guess.is_single_byte();
    if single_byte {
        let high = bytes.iter().filter(|b| **b >= 0x80).count();
        if high * 10 > bytes.len() {
            return Err(DocError::Undecodable(format!(
                "not UTF-8, and no Chinese encoding fits (best guess {}); re-save the file as UTF-8",
                guess.name()
            )));
        }
    }
    let text = strict(bytes, guess)?;
    text_only(text, guess.name())
}

/// How far into a file NUL bytes are looked for.
const HEAD_BYTES: usize = 64 * 1024;

fn has_nul(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(HEAD_BYTES)].contains(&0)
}

/// UTF-16 saved without a byte-order mark, told by its NUL bytes: the high
/// byte of every ASCII character (digits, Latin letters, spaces, line
/// breaks) is zero, always in the same half of the pairs; a Chinese text
/// may have no more than its line breaks' (`本理财产品保本保息\r\n` has two
/// in fifteen pairs), and a character such as `一` (U+4E00) puts one in the
/// other half. So the text is decoded both ways round, and a way is taken
/// when it decodes and reads as text ([`plausible_text`]). A binary file
/// has its NULs in both halves and decodes to no text either way.
///
/// Bytes whose NULs lie (nearly) all in one half but that decode neither
/// way are reported as what they look like, UTF-16 gone wrong (an odd
/// number of bytes, a broken surrogate), not as binary, which would send
/// the user looking for the wrong problem.
fn bomless_utf16(bytes: &[u8]) -> Result<(String, &'static str), DocError> {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // The half with the ASCII high bytes first: little-endian has them odd.
    let order = if odd >= even { [UTF_16LE, UTF_16BE] } else { [UTF_16BE, UTF_16LE] };
    let mut decodes = false;
    for enc in order {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            decodes = true;
            if plausible_text(&text) {
                return text_only(text.into_owned(), enc.name());
            }
        }
    }
    // Decoded, but to control characters and the like: binary data.
    let (most, fewest) = (even.max(odd), even.min(odd));
    if !decodes && most >= 2 && fewest * 4 <= most {
        return Err(DocError::Undecodable(format!(
            "the file looks like {} without a byte-order mark (its NUL bytes fall in one half of the \
             byte pairs), but it does not decode as UTF-16{}: re-save the file as UTF-8",
            order[0].name(),
            if bytes.len() % 2 == 1 { " (it has an odd number of bytes)" } else { "" },
        )));
    }
    Err(DocError::Binary("the file contains NUL bytes".into()))
}

/// Whether decoded UTF-16 reads as text: at least nineteen characters in
/// twenty among its first 64 Ki are ones documents use (ASCII text and
/// whitespace, Latin, Greek and Cyrillic letters, punctuation, currency and
/// number signs, CJK punctuation, kana, Han, Hangul, full-width forms,
/// emoji). Binary data read as UTF-16 is mostly other code points: controls,
/// unassigned ones, private use, scattered symbols.
fn plausible_text(text: &str) -> bool {
    let (mut total, mut good) = (0usize, 0usize);
    for c in text.chars().take(HEAD_BYTES) {
        total += 1;
        let ok = matches!(c as u32,
            0x09 | 0x0A | 0x0D | 0x20..=0x7E
            | 0xA0..=0x24F
            | 0x370..=0x4FF
            | 0x2000..=0x206F
            | 0x20A0..=0x20CF
            | 0x2100..=0x21FF
            | 0x2460..=0x24FF
            | 0x2500..=0x27BF
            | 0x3000..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFFEF
            | 0x1F300..=0x1FAFF
            | 0x20000..=0x3134F);
        good += usize::from(ok);
    }
    total > 0 && good * 20 >= total * 19
}

/// Up to this many double-byte characters, an EUC-KR guess for text that
/// reads as GB2312 is overruled (see [`prefer_gbk`]).
const SHORT_PAIRS: usize = 16;

/// GBK instead of chardetng's guess when the bytes look like Chinese in
/// GBK and the guess is one chardetng makes on too little evidence.
///
/// A few GBK characters are not enough for the detector: `保本` comes out as
/// ISO-8859-5 (refused as undecodable), `收益` as ISO-8859-6, `理财` as EUC-KR
/// (decoded to Hangul: a silent misread). This tool's users are Chinese
/// first, so text whose every non-ASCII byte is half of a GB2312 pair (lead
/// `A1`–`F7`, trail `A1`–`FE`) with at least one Han character is read as GBK
/// when the guess is a single-byte encoding (of any length: text in those
/// has lone high bytes, and a Cyrillic or Greek text long enough to pair
/// every one up does not happen), or EUC-KR for at most [`SHORT_PAIRS`]
/// characters (EUC-KR has the same byte shape, so only chardetng's scoring of
/// longer text tells them apart; a very short Korean file is misread instead).
fn prefer_gbk(bytes: &[u8], guess: &'static Encoding) -> &'static Encoding {
    let overrulable = guess.is_single_byte() || guess == EUC_KR;
    if !overrulable {
        return guess;
    }
    match gb2312_pairs(bytes) {
        Some(pairs) if guess.is_single_byte() || pairs <= SHORT_PAIRS => GBK,
        _ => guess,
    }
}

/// The 6,000 most frequent Han characters, most frequent first (derived from
/// jieba's word list, MIT; see `data/README.md`).
const HANZI_BY_FREQUENCY: &str = include_str!("data/hanzi_by_frequency.txt");

/// The rank given to a Han character not among [`HANZI_BY_FREQUENCY`].
const RARE_HAN: f64 = 12_000.0;

/// How much more common (in average natural log of rank) the Big5 reading's
/// characters must be than the other reading's: a factor of about 1.6. The
/// readings of real short texts are two to four apart (`穩賺` 7.3 against
/// `铆寥` 8.3; GBK `承诺` 6.8 against its Big5 reading 7.4).
const BIG5_MARGIN: f64 = 0.5;

fn hanzi_rank(c: char) -> f64 {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static RANKS: OnceLock<HashMap<char, u32>> = OnceLock::new();
    let ranks =
        RANKS.get_or_init(|| HANZI_BY_FREQUENCY.chars().filter(|c| !c.is_whitespace()).zip(1..).collect());
    // Traditional characters are ranked by their simplified form.
    let simplified = crate::text::fold_char_single(c);
    ranks.get(&simplified).map_or(RARE_HAN, |&r| f64::from(r))
}

/// How unlikely `text` is as Chinese copy: the average natural log of the
/// frequency rank of its non-ASCII characters. CJK and full-width
/// punctuation costs little; kana, Hangul, Greek, Cyrillic, box drawing and
/// other symbols, which a Chinese SMS does not hold but a wrong reading of one
/// does (`ぃ`, `Μ`, `︽`), cost more than the rarest Han character.
fn chinese_cost(text: &str) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        n += 1;
        sum += if crate::text::is_cjk(c) {
            hanzi_rank(c).ln()
        } else if matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF5E | 0x2014 | 0x2026 | 0x2018..=0x201D | 0xB7)
        {
            50f64.ln()
        } else {
            (2.0 * RARE_HAN).ln()
        };
    }
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Big5 instead of a Chinese, Japanese or Korean guess for a short text when
/// the bytes are valid Big5 and read as clearly more common characters
/// there than in the guessed encoding.
///
/// Big5 and GBK (also EUC-JP, EUC-KR) share the byte shape of two high bytes
/// a character, and a few characters are too little for the detector:
/// `穩賺不賠` in Big5 comes out as EUC-JP `鱈組ぃ淳`, `穩賺` as GBK `铆寥`, and
/// the guarantee passes unread. Among the few readings valid bytes allow,
/// the text is the one made of common characters (`稳`, `赚` rank about
/// 1,000 and 2,400; `铆`, `寥` 5,200 and 3,400; kana are not Chinese copy).
/// A short GBK text keeps its reading the same way: GBK `保本` read as Big5
/// is `悵掛`. Longer texts are left to the detector, which scores them well.
fn prefer_big5(bytes: &[u8], guess: &'static Encoding) -> &'static Encoding {
    if guess == BIG5 || guess.is_single_byte() {
        return guess;
    }
    let Some(big5) = BIG5.decode_without_bom_handling_and_without_replacement(bytes) else {
        return guess;
    };
    let chars = big5.chars().filter(|c| !c.is_ascii()).count();
    if chars == 0 || chars > SHORT_PAIRS || !big5.chars().any(crate::text::is_cjk) {
        return guess;
    }
    match guess.decode_without_bom_handling_and_without_replacement(bytes) {
        // Only Big5 decodes the bytes at all.
        None => BIG5,
        Some(other) if chinese_cost(&big5) + BIG5_MARGIN < chinese_cost(&other) => BIG5,
        Some(_) => guess,
    }
}

/// The characters, in windows-1252, that English copy has outside ASCII:
/// currency signs, curly quotes, dashes and other typographic marks. Not
/// `¹ ³ ¿ ¯ ª º ¡`, which are bytes of common Polish, Czech or Turkish
/// letters in windows-1250 and its kin.
const WESTERN_SYMBOLS: &str = "€‚„…†‡‰‹›‘’“”•–—™\u{a0}¢£¥§©«®°±¶·»¼½¾×÷";

/// windows-1252 instead of chardetng's single-byte guess when the bytes on
/// which the two disagree are, in windows-1252, currency signs or
/// typographic marks of [`WESTERN_SYMBOLS`] (at least one) and at most
/// [`FEW_LETTERS`] different letters.
///
/// chardetng reads a mostly-ASCII English text with `£500` and a curly
/// apostrophe as windows-1250 (`Ł500`): with so few non-ASCII bytes it has
/// little to score. Where the guess and windows-1252 decode a byte alike it
/// does not matter which is taken; where they differ, a `£` or `’` in an
/// English text is what the bytes say far more often than a Central
/// European letter standing alone before a digit. A Latin-1 letter or two
/// that the guess reads as another letter (`naïve` as `naďve`, `Señor`,
/// `Zoë`) does not outweigh that: English copy borrows such words, while
/// Central European text has many letters of its own (`ě č ř ů` in one
/// Czech sentence). Text in the guessed encoding also has letters that
/// windows-1252 reads as marks left out of the list, or leaves undefined
/// (Polish `ą ł ż ś` are `¹ ³ ¿ œ` there, Czech `ť` nothing), and any one of
/// those keeps the guess; a Polish text whose only such letter is `Ł` would
/// be misread.
fn prefer_windows_1252(bytes: &[u8], guess: &'static Encoding) -> &'static Encoding {
    if !guess.is_single_byte() || guess == WINDOWS_1252 {
        return guess;
    }
    let mut present = [false; 128];
    for &b in bytes {
        if b >= 0x80 {
            present[usize::from(b - 0x80)] = true;
        }
    }
    let (mut symbols, mut letters) = (0usize, 0usize);
    for (i, _) in present.iter().enumerate().filter(|(_, p)| **p) {
        let byte = [0x80 + i as u8];
        let (western, _) = WINDOWS_1252.decode_without_bom_handling(&byte);
        let (guessed, _) = guess.decode_without_bom_handling(&byte);
        if western == guessed {
            continue;
        }
        let both_letters = |w: &str, g: &str| {
            w.chars().all(|c| c.is_alphabetic() && ('\u{c0}'..='\u{ff}').contains(&c))
                && g.chars().all(char::is_alphabetic)
        };
        if western.chars().all(|c| WESTERN_SYMBOLS.contains(c)) {
            symbols += 1;
        } else if both_letters(&western, &guessed) {
            letters += 1;
        } else {
            return guess;
        }
    }
    if symbols > 0 && letters <= FEW_LETTERS { WINDOWS_1252 } else { guess }
}

/// The most different letters on which windows-1252 and a guess may
/// disagree for [`prefer_windows_1252`] to take windows-1252.
const FEW_LETTERS: usize = 2;

/// The number of GB2312 double-byte characters of `bytes` if every non-ASCII
/// byte belongs to one (lead `A1`–`F7`, trail `A1`–`FE`) and at least one is
/// a Han character (lead `B0`–`F7`); `None` otherwise.
fn gb2312_pairs(bytes: &[u8]) -> Option<usize> {
    let mut pairs = 0;
    let mut han = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let trail = *bytes.get(i + 1)?;
        if !(0xA1..=0xF7).contains(&b) || !(0xA1..=0xFE).contains(&trail) {
            return None;
        }
        han |= b >= 0xB0;
        pairs += 1;
        i += 2;
    }
    han.then_some(pairs)
}

/// Text that must be UTF-8 (rule files, term lists, `disclint.yaml`,
/// sidecar metadata) and is not: where the first byte that is not UTF-8 is
/// (1-based line, column in characters, a byte-order mark not counted), and
/// the encoding the bytes read as, when one fits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be UTF-8, but this file is not{}: save it as UTF-8", looks_like.map(|e| format!(" (it looks like {e})")).unwrap_or_default())]
pub struct NotUtf8 {
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
    pub looks_like: Option<&'static str>,
}

/// `bytes` as UTF-8 text, or where and why they are not. Unlike documents,
/// rule and config files are not decoded from other encodings: a rule's
/// pattern must mean the same bytes on every machine that runs it.
pub fn utf8_text(bytes: Vec<u8>, what: &'static str) -> Result<String, NotUtf8> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let before = before.strip_prefix('\u{feff}').unwrap_or(before);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            // After a UTF-8 byte-order mark `decode` would try UTF-8 alone.
            let looks_like = match decode(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
                Ok((_, name)) if name != "UTF-8" => Some(name),
                _ => None,
            };
            Err(NotUtf8 { what, line, column, looks_like })
        }
    }
}

/// [`decode`] for bytes the caller owns: UTF-8 (the common case) becomes
/// the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<(String, &'static str), DocError> {
    let plain_utf8 = !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && binary_signature(&bytes).is_none()
        // NULs: UTF-16 without a byte-order mark, or binary.
        && !has_nul(&bytes);
    if plain_utf8 {
        match String::from_utf8(bytes) {
            Ok(text) => return text_only(text, "UTF-8"),
            Err(e) => return decode(e.as_bytes()),
        }
    }
    decode(&bytes)
}

fn strict(bytes: &[u8], enc: &'static Encoding) -> Result<String, DocError> {
    enc.decode_without_bom_handling_and_without_replacement(bytes).map(|c| c.into_owned()).ok_or_else(|| {
        DocError::Undecodable(format!("bytes that are invalid in {}; re-save the file as UTF-8", enc.name()))
    })
}

/// Refuses decoded text that is really binary data: a NUL, or more than one
/// control character in twenty among the first 64 Ki characters.
fn text_only(text: String, enc: &'static str) -> Result<(String, &'static str), DocError> {
    const HEAD_CHARS: usize = 64 * 1024;
    let bytes = text.as_bytes();
    let mut control = 0usize;
    let mut total = 0usize;
    // Byte by byte: every control character is ASCII (C0, DEL) or a
    // two-byte C1 sequence `C2 80`–`C2 9F`, so no decoding is needed.
    for (i, &b) in bytes.iter().enumerate() {
        if b & 0xC0 == 0x80 {
            continue;
        }
        if total == HEAD_CHARS {
            break;
        }
        total += 1;
        match b {
            0 => return Err(DocError::Binary("the file contains NUL characters".into())),
            b'\n' | b'\r' | b'\t' | 0x0B | 0x0C | 0x1B => {}
            0x01..=0x1F | 0x7F => control += 1,
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => control += 1,
            _ => {}
        }
    }
    if control * 20 > total.max(1) {
        return Err(DocError::Binary(format!("{control} control characters in {total}")));
    }
    Ok((text, enc))
}

/// Well-known binary formats, by their first bytes.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a ZIP archive (an Office file with the wrong extension?)"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an OLE file (legacy .doc/.xls, or an encrypted Office file)"),
        (b"%PDF-", "a PDF file with the wrong extension"),
        // RTF is ASCII, so it would decode as text, but its copy is in
        // escapes (`\\'b1\\'a3`, `\\u20445?`) that no rule would see: an RTF
        // file named on the command line is refused as a folder walk leaves
        // it out (QA pass 15 item 8), never checked clean.
        (
            b"{\\rtf",
            "an RTF document, a format disclint does not read (its copy is written in escapes such as \\'b1\\'a3, which plain text would not show): save it as .docx to check it",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7FELF", "an executable"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    SIGS.iter().find(|(sig, _)| bytes.starts_with(sig)).map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("保本".as_bytes()).unwrap(), ("保本".to_string(), "UTF-8"));
        assert_eq!(decode(b"\xEF\xBB\xBFab").unwrap(), ("ab".to_string(), "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("保本保息\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap(), ("保本保息\r\n".to_string(), "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend("稳赚".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().0, "稳赚");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "本理财产品保本保息，稳赚不赔，预期年化收益率4.5%。欢迎广大投资者踊跃购买。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let (decoded, enc) = decode(&bytes).unwrap();
        assert_eq!(decoded, text);
        assert!(enc == "GBK" || enc == "gb18030", "{enc}");
    }

    #[test]
    fn short_gbk_is_not_taken_for_cyrillic_arabic_or_korean() {
        // chardetng alone: ISO-8859-5, ISO-8859-6, EUC-KR, windows-1250.
        for text in [
            "保本",
            "收益",
            "理财",
            "好",
            "保本\n",
            "Capital at risk. 保本 guaranteed returns for everyone here.",
        ] {
            let (bytes, _, _) = encoding_rs::GBK.encode(text);
            assert_eq!(decode(&bytes).unwrap(), (text.to_string(), "GBK"), "{text}");
        }
        // Lone high bytes (Latin-1), a trail byte out of range, or only
        // punctuation rows are not taken for GBK.
        assert_eq!(gb2312_pairs(b"caf\xE9 ol\xE9"), None);
        assert_eq!(gb2312_pairs(b"\xB1\x40"), None);
        assert_eq!(gb2312_pairs(b"\xA1\xA3"), None);
        assert_eq!(gb2312_pairs(b"\xB1\xA3\xB1"), None);
        assert_eq!(gb2312_pairs(b"a\xB1\xA3\xB1\xBEb"), Some(2));
        // Longer Korean stays Korean.
        let korean = "안녕하세요. 이 상품은 원금이 보장되지 않습니다. 투자에 신중하시기 바랍니다.";
        let (bytes, _, _) = EUC_KR.encode(korean);
        assert_eq!(decode(&bytes).unwrap(), (korean.to_string(), "EUC-KR"));
    }

    /// QA pass 8 item 11: a few Big5 characters were read as EUC-JP or GBK
    /// (`穩賺不賠` as `鱈組ぃ淳`, `穩賺` as `铆寥`), and the guarantee passed.
    #[test]
    fn short_big5_is_read_as_big5() {
        for text in ["穩賺不賠", "穩賺", "穩賺不賠8%", "穩賺不賠\r\n", "保證收益", "不虧", "銀行", "理財"]
        {
            let (bytes, _, _) = BIG5.encode(text);
            assert_eq!(decode(&bytes).unwrap(), (text.to_string(), "Big5"), "{text}");
        }
        // Short GBK keeps its reading: as Big5 it is rare characters
        // (`保本` would be `悵掛`).
        for text in [
            "保本保息",
            "稳赚不赔",
            "零风险",
            "刚性兑付",
            "年化收益率",
            "承诺",
            "翻倍",
            "您好",
            "第一",
            "一定",
            "稳健",
            "推荐",
            "抢购",
            "独家",
            "绝对",
        ] {
            let (bytes, _, _) = GBK.encode(text);
            assert_eq!(decode(&bytes).unwrap(), (text.to_string(), "GBK"), "{text}");
        }
        assert!(chinese_cost("穩賺") + BIG5_MARGIN < chinese_cost("铆寥"));
        assert!(chinese_cost("ぃ") > chinese_cost("鱈"));
    }

    /// QA pass 8 item 18: UTF-16 without a byte-order mark, ASCII only (valid
    /// UTF-8 with NULs) or Chinese with NULs only in its line break.
    #[test]
    fn utf16_without_bom_is_read_whatever_its_text() {
        for text in [
            "Guaranteed returns of 7% a year.\r\nCapital at risk.\r\n",
            "本理财产品保本保息，零风险\r\n",
            // `一` (U+4E00) puts a NUL in the other half.
            "一年保本保息，零风险\n",
        ] {
            let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            assert_eq!(decode(&le).unwrap(), (text.to_string(), "UTF-16LE"), "{text}");
            assert_eq!(decode(&be).unwrap(), (text.to_string(), "UTF-16BE"), "{text}");
            assert_eq!(decode_owned(le).unwrap().1, "UTF-16LE", "{text}");
        }
        // Cut by a byte: said to be UTF-16 that does not decode, not binary.
        let mut odd: Vec<u8> = "Capital at risk.\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        odd.push(b'\n');
        let e = decode(&odd).unwrap_err().to_string();
        assert!(
            e.contains("looks like UTF-16LE without a byte-order mark") && e.contains("odd number"),
            "{e}"
        );
        // A lone surrogate.
        let mut broken: Vec<u8> = "保本 5%\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        broken.extend([0x00, 0xD8, b'a', 0]);
        assert!(decode(&broken).unwrap_err().to_string().contains("does not decode as UTF-16"));
        // Binary data with NULs in both halves, or that decodes to no text, stays binary.
        assert!(matches!(decode(b"\x01\x00\x02\x00\x03\x00\x04\x00\x05\x00"), Err(DocError::Binary(_))));
        assert!(matches!(decode(b"ab\0\0cd\0\0\x01\x02"), Err(DocError::Binary(_))));
    }

    /// QA pass 7 item 6: one Latin-1 letter (`naïve`) next to `£` no longer
    /// flips an English text to windows-1250 (`naďve … Ł500`).
    #[test]
    fn a_latin1_letter_or_two_do_not_make_english_central_european() {
        let bytes = b"Don\x92t be na\xEFve: guaranteed returns of \xA3500 a year.\r\nCapital at risk.\r\n";
        let (text, enc) = decode(bytes).unwrap();
        assert_eq!(enc, "windows-1252");
        assert_eq!(text, "Don’t be naïve: guaranteed returns of £500 a year.\r\nCapital at risk.\r\n");
        // Czech with many letters of its own, and one `½`, stays Czech.
        let czech = "Děkujeme, že jste si vybrali náš spořicí účet s úrokem 2½ % ročně; vklady jsou \
                     pojištěny a můžete je kdykoli vybrat bez poplatku, řekl ředitel banky.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(czech);
        assert!(!matches!(decode(&bytes), Ok((_, "windows-1252"))), "{:?}", decode(&bytes));
        assert_eq!(prefer_windows_1252(&bytes, encoding_rs::WINDOWS_1250), encoding_rs::WINDOWS_1250);
    }

    #[test]
    fn english_windows_1252_is_not_taken_for_central_european() {
        // chardetng alone: windows-1250, `£` read as `Ł`.
        let bytes = b"ISA Bonus Saver: guaranteed returns of \xA3500 a year \x96 you can\x92t lose.\r\n";
        let (text, enc) = decode(bytes).unwrap();
        assert_eq!(enc, "windows-1252");
        assert_eq!(text, "ISA Bonus Saver: guaranteed returns of £500 a year – you can’t lose.\r\n");
        // Central European letters keep their encoding: `ą ł ż ś` are not
        // typographic marks in windows-1252.
        let polish = "Nasza lokata terminowa daje stały zysk przez caly rok, a bank gwarantuje zwrot \
                      kapitalu. Oferta ważna do konca miesiaca dla nowych klientow w Łodzi i Gdańsku.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(polish);
        let (text, enc) = decode(&bytes).unwrap();
        assert_ne!(enc, "windows-1252", "{text}");
        assert_eq!(text, polish);
    }

    #[test]
    fn control_characters_are_counted_like_characters() {
        // One C1 control (two bytes) in 21 characters is under the limit;
        // two in 21 are over it.
        let one = format!("{}\u{85}", "保".repeat(20));
        assert!(text_only(one, "UTF-8").is_ok());
        let two = format!("{}\u{85}\u{1}", "保".repeat(19));
        assert!(
            matches!(text_only(two, "UTF-8"), Err(DocError::Binary(m)) if m == "2 control characters in 21")
        );
        assert!(text_only("\t\r\n\u{b}\u{c}\u{1b}ok".into(), "UTF-8").is_ok());
        assert!(matches!(text_only("a\0b".into(), "UTF-8"), Err(DocError::Binary(_))));
        // UTF-16 without a byte-order mark, either way round.
        let le: Vec<u8> =
            "本产品保本保息。\nRisk-free 5%\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> =
            "本产品保本保息。\nRisk-free 5%\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).unwrap(), ("本产品保本保息。\nRisk-free 5%\n".to_string(), "UTF-16LE"));
        assert_eq!(decode(&be).unwrap().1, "UTF-16BE");
    }

    #[test]
    fn owned_bytes_decode_like_borrowed_ones() {
        for bytes in
            [&b"\xEF\xBB\xBFab"[..], "保本".as_bytes(), b"\x89PNG\r\n", b"\xB1\xA3\xB1\xBE\xB1\xA3\xCF\xA2"]
        {
            assert_eq!(format!("{:?}", decode_owned(bytes.to_vec())), format!("{:?}", decode(bytes)));
        }
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0"), Err(DocError::Binary(_))));
        assert!(matches!(decode(b"abc\0\0\0\xff\xfe\x01"), Err(DocError::Binary(_))));
    }

    #[test]
    fn text_that_must_be_utf8_says_where_it_is_not() {
        let gbk = |s: &str| GBK.encode(s).0.into_owned();
        let mut bytes = "\u{feff}rule A {\n  title \"".as_bytes().to_vec();
        bytes.extend(gbk("承诺保本"));
        let e = utf8_text(bytes, "rule files").unwrap_err();
        assert_eq!((e.line, e.column, e.looks_like), (2, 10, Some("GBK")));
        assert_eq!(utf8_text(b"ok".to_vec(), "rule files").as_deref(), Ok("ok"));
        // Characters, not bytes, are counted before the bad byte.
        let mut bytes = "保本 ".as_bytes().to_vec();
        bytes.push(0xFF);
        assert_eq!(utf8_text(bytes, "x").unwrap_err().column, 4);
    }
}
