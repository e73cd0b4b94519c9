//! A YAML (or JSON) tree whose every key and value knows its position in
//! the source, for precise metadata errors and transcript turn positions.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;

#[derive(Debug, Clone)]
pub enum Node {
    Null,
    /// A string (quoted or plain).
    Scalar(String),
    /// A number or a boolean as YAML resolved it (`5`, `4.5`, `true`),
    /// written back as text. Metadata takes it as that text
    /// (`risk_level: 3`); where only text makes sense (a turn's `text`) it is
    /// an error, so a number is never quietly read as words.
    Typed(String, &'static str),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Scalar(_) => "a scalar",
            Node::Typed(_, kind) => kind,
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }

    /// The text of a scalar of any type (a string, a number, a boolean).
    pub fn scalar(&self) -> Option<&str> {
        match self {
            Node::Scalar(s) | Node::Typed(s, _) => Some(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Typed(v.to_string(), "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Typed(v.to_string(), "a number"))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Typed(v.to_string(), "a number"))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Typed(v.to_string(), "a number"))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Typed(v.to_string(), "a number"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Typed(v.to_string(), "a number"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// Parses YAML (JSON is YAML too) into a positioned tree.
pub fn parse(text: &str) -> Result<Spanned<Node>, serde_saphyr::Error> {
    serde_saphyr::from_str::<Spanned<Node>>(text)
}

/// The message of a YAML error, for a report that gives the file, line and
/// column itself: serde-saphyr's `Display` prefixes "error: line 2 column 3:"
/// (and may add a snippet), which would say the place twice. Its duplicate-key
/// text speaks to programmers ("set DuplicateKeyPolicy in Options"), so that
/// one is reworded for the people who write the files.
pub fn error_message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::{DefaultMessageFormatter, Error, MessageFormatter};
    let mut e = e.without_snippet();
    while let Error::AliasError { error, .. } | Error::WithSnippet { error, .. } = e {
        e = error;
    }
    match e {
        Error::DuplicateMappingKey { key: Some(key), .. } => format!("duplicate key `{key}`"),
        Error::DuplicateMappingKey { key: None, .. } => "duplicate key".to_string(),
        other => DefaultMessageFormatter.format_message(other).into_owned(),
    }
}

/// Byte offset of a location in the parsed text, if known.
pub fn offset(loc: &Location, text: &str) -> Option<usize> {
    let span = loc.span();
    if let Some(b) = span.byte_offset() {
        return usize::try_from(b).ok().filter(|b| *b <= text.len());
    }
    // Fall back to line and column (1-based, in characters).
    let line = usize::try_from(loc.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(loc.column()).ok()?.saturating_sub(1);
    let start = if line == 0 { 0 } else { text.match_indices('\n').nth(line - 1)?.0 + 1 };
    let rest = &text[start..];
    Some(start + rest.char_indices().nth(column).map_or(rest.len(), |(i, _)| i))
}

/// Byte length of the scalar at a location, if known.
pub fn byte_len(loc: &Location) -> Option<usize> {
    loc.span().byte_len().and_then(|l| usize::try_from(l).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_keys_and_values() {
        let yaml = "product:\n  risk_level: R7\n  name: \"稳盈\"\n";
        let root = parse(yaml).unwrap();
        let Node::Map(entries) = &root.value else { panic!("{root:?}") };
        let Node::Map(inner) = &entries[0].1.value else { panic!() };
        let (k, v) = &inner[0];
        assert_eq!(&yaml[offset(&k.referenced, yaml).unwrap()..][..10], "risk_level");
        assert_eq!(&yaml[offset(&v.referenced, yaml).unwrap()..][..2], "R7");
        let (_, name) = &inner[1];
        let o = offset(&name.referenced, yaml).unwrap();
        assert_eq!(&yaml[o..o + byte_len(&name.referenced).unwrap()], "\"稳盈\"");
    }
}
