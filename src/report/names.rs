//! File names as text. A Unix file name is any bytes, and may not be UTF-8
//! (a GBK name written by an older Chinese system: `gbk_\xb1\xa3.md`).
//! Every output format is text, so such a name is written with each byte
//! that is not part of UTF-8 text as `\xNN`, and, on Unix, every `\` of a
//! name as `\\`: the rendering is unambiguous, and [`name_bytes`] gives the
//! raw bytes back (SARIF percent-encodes them). Lossy decoding (U+FFFD)
//! would point at a file that does not exist, and make distinct names equal.

use std::ffi::OsStr;
use std::path::Path;

/// A path as text, escaped as the module says.
pub fn display_path(path: &Path) -> String {
    os_text(path.as_os_str())
}

/// A file name or path component as text, escaped as the module says.
#[cfg(unix)]
pub fn os_text(s: &OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in s.as_bytes().utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// A file name or path component as text. Windows names are UTF-16; one
/// that is not valid (an unpaired surrogate) is rare enough to be shown lossily.
#[cfg(not(unix))]
pub fn os_text(s: &OsStr) -> String {
    s.to_string_lossy().into_owned()
}

/// The raw bytes of a name rendered by [`os_text`]: `\xNN` and `\\` undone.
#[cfg(unix)]
pub fn name_bytes(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'x')
                && let Some(byte) = text.get(i + 2..i + 4).and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The bytes of a name rendered by [`os_text`] (no escapes off Unix).
#[cfg(not(unix))]
pub fn name_bytes(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn invalid_bytes_are_escaped_and_come_back() {
        let raw: &[u8] = b"dir/gbk_\xb1\xa3\xb1\xbe \\ \xe4\xbf\x9d.md";
        let text = display_path(Path::new(OsStr::from_bytes(raw)));
        assert_eq!(text, "dir/gbk_\\xB1\\xA3\\xB1\\xBE \\\\ 保.md");
        assert_eq!(name_bytes(&text), raw);
        assert_eq!(display_path(Path::new("a/保本.md")), "a/保本.md");
    }
}
