//! A `serde::Serializer` that writes pretty JSON byte for byte as `serde_json::to_writer_pretty`
//! writes it, for the full node-link JSON (`json-full`), whose shape stays the one description
//! its serde derives give (`NodeLink`'s view, `EntitySummary`, `Quote`, ...). It writes into one
//! string passed on in pieces; strings go through the graph formats' escaping loop
//! (`json_writer::push_json_escaped`, eight bytes at a time) where serde_json looked at every
//! byte, and numbers through `decimal.rs`. Through serde_json, escaping and its small writes were
//! ~3 M of the export's 5.5 M instructions.
//!
//! serde_json stays the reference: the tests compare the two byte for byte on the essay under
//! two bases, on graphs full of hostile strings, and on values of every shape serde has.

use std::fmt::Display;
use std::io::Write;

use serde::ser::{self, Serialize};

use super::decimal::{push_i64, push_u64};
use super::flat::pass_on;
use super::json_writer::{push_json_escaped, push_newline};

/// Why serializing failed: the output could not be written, or a value cannot be JSON.
#[derive(Debug)]
pub(crate) enum Error {
    /// Writing failed.
    Io(std::io::Error),
    /// A value cannot be written as JSON (a map key that is not a string).
    Message(String),
}

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(e) => e.fmt(f),
            Error::Message(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::Message(msg.to_string())
    }
}

/// Pretty JSON being written into `s`, passed on to `out` a piece at a time.
pub(crate) struct Pretty<'w> {
    s: String,
    out: &'w mut dyn Write,
    depth: usize,
    /// Whether the innermost open array or object has a member (serde_json's `has_value`).
    has_value: bool,
    /// Each struct field's start as written, by name and depth ([`Pretty::field_start`]).
    starts: Vec<FieldStart>,
}

/// A struct field's start as written at one depth: `,`, the line break and indent, and
/// `"name": ` (the name escaped once; the comma left off before a first member). Writing these
/// piece by piece (the comma, the indent, the name's quotes and escaping, the colon) was ~160
/// instructions a field, for 6,747 fields of the essay's json-full.
struct FieldStart {
    /// The name's address and length. A `&'static str` is never freed nor changed, so no other
    /// text ever has the same address and length: they name its text without reading it.
    name: (usize, usize),
    depth: usize,
    text: String,
}

/// How many field starts are held: a table by hashed name and depth (the slot's number the top 9
/// bits of the hash), a start made again where two share a slot. At 128 slots (the top 7 bits
/// and the depth added after) the essay's ~40 names and depths shared enough that 460 of
/// json-full's 5,894 starts were made again.
const FIELD_STARTS: usize = 512;

/// Writes `value` onto `out` as `serde_json::to_writer_pretty` writes it.
pub(crate) fn to_writer_pretty<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), Error> {
    let starts = (0..FIELD_STARTS).map(|_| FieldStart { name: (0, 0), depth: 0, text: String::new() }).collect();
    let mut ser = Pretty { s: super::flat::output_buffer(), out, depth: 0, has_value: false, starts };
    value.serialize(&mut ser)?;
    ser.out.write_all(ser.s.as_bytes()).map_err(Error::Io)
}

impl<'w> Pretty<'w> {
    fn newline(&mut self) {
        push_newline(&mut self.s, self.depth);
    }

    fn begin(&mut self, bracket: char) {
        self.s.push(bracket);
        self.depth += 1;
        self.has_value = false;
    }

    fn end(&mut self, bracket: char) {
        self.depth -= 1;
        if self.has_value {
            self.newline();
        }
        self.s.push(bracket);
    }

    /// Before a member of an array or object (`first`: none before it).
    fn member(&mut self, first: bool) {
        if !first {
            self.s.push(',');
        }
        self.newline();
    }

    /// After a member: the output passed on once a piece's worth is held (between members of
    /// the outer arrays, where the rest of a document does not depend on the piece).
    fn member_done(&mut self) -> Result<(), Error> {
        self.has_value = true;
        if self.depth <= 2 {
            pass_on(&mut self.s, self.out).map_err(Error::Io)?;
        }
        Ok(())
    }

    /// Before a struct field (`first`: no member before it): `,` unless first, the line break
    /// and indent, `"name": `, as [`Pretty::member`], [`Pretty::string`] and `": "` write them,
    /// in one piece made at the name's first use at this depth. (A slot not used yet holds the
    /// address 0, which no reference has.)
    fn field_start(&mut self, name: &'static str, first: bool) {
        let key = (name.as_ptr().addr(), name.len());
        let hash = key.0.wrapping_add(self.depth << 48).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = hash >> (usize::BITS - FIELD_STARTS.trailing_zeros());
        let Some(start) = self.starts.get_mut(slot) else { return };
        if start.name != key || start.depth != self.depth {
            start.name = key;
            start.depth = self.depth;
            start.text.clear();
            start.text.push(',');
            push_newline(&mut start.text, self.depth);
            start.text.push('"');
            push_json_escaped(&mut start.text, name);
            start.text.push_str("\": ");
        }
        self.s.push_str(start.text.get(usize::from(first)..).unwrap_or_default());
    }

    fn string(&mut self, v: &str) {
        self.s.push('"');
        push_json_escaped(&mut self.s, v);
        self.s.push('"');
    }

    /// `{"variant": ` of an enum's newtype, tuple or struct variant.
    fn begin_variant(&mut self, variant: &str) {
        self.begin('{');
        self.member(true);
        self.string(variant);
        self.s.push_str(": ");
    }

    /// The end of [`Pretty::begin_variant`]'s object.
    fn end_variant(&mut self) -> Result<(), Error> {
        self.has_value = true;
        self.end('}');
        Ok(())
    }

    /// An array or object opened; `Compound::empty` when it is known to have no members.
    fn compound<'a>(&'a mut self, bracket: char, len: Option<usize>) -> Compound<'a, 'w> {
        self.begin(bracket);
        let empty = len == Some(0);
        if empty {
            self.end(if bracket == '[' { ']' } else { '}' });
        }
        Compound { ser: self, first: true, empty, variant: false }
    }
}

/// An open array or object (serde_json's `Compound::Map` with its `State`).
pub(crate) struct Compound<'a, 'w> {
    ser: &'a mut Pretty<'w>,
    first: bool,
    /// Closed already: opened with a length of 0.
    empty: bool,
    /// Inside a `{"variant": ...}` object, closed after it.
    variant: bool,
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.member(self.first);
        self.first = false;
        value.serialize(&mut *self.ser)?;
        self.ser.member_done()
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.ser.member(self.first);
        self.first = false;
        key.serialize(KeySerializer(&mut *self.ser))
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.s.push_str(": ");
        value.serialize(&mut *self.ser)?;
        self.ser.member_done()
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.ser.field_start(key, self.first);
        self.first = false;
        value.serialize(&mut *self.ser)?;
        self.ser.member_done()
    }

    fn close(self, bracket: char) -> Result<(), Error> {
        if !self.empty {
            self.ser.end(bracket);
        }
        if self.variant {
            self.ser.end_variant()?;
        }
        Ok(())
    }
}

impl<'a, 'w> ser::Serializer for &'a mut Pretty<'w> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'w>;
    type SerializeTuple = Compound<'a, 'w>;
    type SerializeTupleStruct = Compound<'a, 'w>;
    type SerializeTupleVariant = Compound<'a, 'w>;
    type SerializeMap = Compound<'a, 'w>;
    type SerializeStruct = Compound<'a, 'w>;
    type SerializeStructVariant = Compound<'a, 'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.s.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        push_i64(&mut self.s, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.s.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        push_u64(&mut self.s, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.s.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // serde_json's own float text (its shortest round trip, `null` when not finite).
        self.s.push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.s.push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.compound('[', Some(v.len()));
        for b in v {
            seq.element(b)?;
        }
        seq.close(']')
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.s.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end_variant()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, 'w>, Error> {
        Ok(self.compound('[', len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'w>, Error> {
        self.begin_variant(variant);
        Ok(Compound { variant: true, ..self.compound('[', Some(len)) })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, 'w>, Error> {
        Ok(self.compound('{', len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'w>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'w>, Error> {
        self.begin_variant(variant);
        Ok(Compound { variant: true, ..self.compound('{', Some(len)) })
    }
}

/// serde's four kinds of array (their elements written alike, closed by `]`).
macro_rules! array_of {
    ($($kind:ident :: $method:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close(']')
            }
        }
    )*};
}

array_of!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}')
    }
}

/// serde's two kinds of struct (their fields written alike, closed by `}`).
macro_rules! struct_of {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.close('}')
            }
        }
    )*};
}

struct_of!(SerializeStruct, SerializeStructVariant);

/// A map key: a string, or what serde_json writes as one (a character, an integer, a unit
/// variant, a string newtype); anything else is refused, as serde_json refuses it.
struct KeySerializer<'a, 'w>(&'a mut Pretty<'w>);

impl KeySerializer<'_, '_> {
    fn quoted_number(self, push: impl FnOnce(&mut String)) -> Result<(), Error> {
        self.0.s.push('"');
        push(&mut self.0.s);
        self.0.s.push('"');
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error::Message("key must be a string".to_string())
}

impl ser::Serializer for KeySerializer<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.string(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted_number(|s| push_i64(s, v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted_number(|s| s.push_str(&v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted_number(|s| push_u64(s, v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted_number(|s| s.push_str(&v.to_string()))
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;

    fn both_ways<T: Serialize>(value: &T) -> (String, String) {
        let mut written = Vec::new();
        to_writer_pretty(&mut written, value).unwrap();
        let mut expected = Vec::new();
        serde_json::to_writer_pretty(&mut expected, value).unwrap();
        (String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap())
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(Vec<u8>),
        Tuple(i32, Option<String>),
        Struct { a: Vec<Shape>, b: BTreeMap<char, f64> },
    }

    #[derive(Serialize)]
    struct Inner {
        x: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<String>,
    }

    #[derive(Serialize)]
    struct Outer {
        name: String,
        #[serde(flatten)]
        inner: Inner,
        empty: Vec<u8>,
        unit: (),
        nested: Vec<Vec<i64>>,
        by_number: BTreeMap<u32, bool>,
        shapes: Vec<Shape>,
        ch: char,
        big: i128,
    }

    #[test]
    fn every_shape_serde_has_is_written_as_serde_json_writes_it() {
        let value = Outer {
            name: "a\"b\\c\u{1}\u{2028}é</script>".into(),
            inner: Inner { x: u64::MAX, y: Some(String::new()) },
            empty: vec![],
            unit: (),
            nested: vec![vec![], vec![i64::MIN, 0, 7], vec![]],
            by_number: [(3, true), (10, false)].into(),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(vec![0, 255]),
                Shape::Newtype(vec![]),
                Shape::Tuple(-1, None),
                Shape::Struct { a: vec![Shape::Unit], b: [('"', 0.1), ('x', f64::NAN), ('y', -0.0)].into() },
                Shape::Struct { a: vec![], b: BTreeMap::new() },
            ],
            ch: '\n',
            big: i128::MIN,
        };
        let (written, expected) = both_ways(&value);
        assert_eq!(written, expected);
        let (written, expected) = both_ways(&Inner { x: 0, y: None });
        assert_eq!(written, expected);
    }

    #[test]
    fn deep_values_are_indented_as_serde_json_indents_them() {
        // Deeper than the indent constant reaches (32 levels).
        let mut value = serde_json::json!({"a": [1, "x"]});
        for depth in 0..40 {
            value = if depth % 2 == 0 { serde_json::json!([value, {}]) } else { serde_json::json!({"k": value}) };
        }
        let (written, expected) = both_ways(&value);
        assert_eq!(written, expected);
    }

    /// A struct of the fields `names` (each `'static`, as a derive's names are), holding a copy
    /// of itself `depth` times nested as its last field.
    struct Fields {
        names: &'static [&'static str],
        depth: usize,
    }

    impl Serialize for Fields {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut fields = serializer.serialize_struct("Fields", self.names.len() + 1)?;
            for (i, name) in self.names.iter().enumerate() {
                fields.serialize_field(name, &i)?;
            }
            if let Some(depth) = self.depth.checked_sub(1) {
                fields.serialize_field("inner", &Fields { names: self.names, depth })?;
            }
            fields.end()
        }
    }

    #[test]
    fn field_starts_are_made_per_name_and_depth_as_serde_json_writes_them() {
        // More names than the table's slots (starts made again where two share one), names to
        // escape, an empty one, two that share an address but not a length, one text at two
        // addresses, each at four depths, and the whole written twice (the starts reused); then
        // one name at more depths than there are slots, so that two of its depths share one.
        let shared: &'static str = Box::leak("abcdef".to_string().into_boxed_str());
        let mut names: Vec<&'static str> = (0..300).map(|i| &*Box::leak(format!("f{i}").into_boxed_str())).collect();
        names.extend(["a\"b", "", "\\\u{1}é\u{2028}", &shared[..3], shared, "abc", "x"]);
        names.push(Box::leak("x".to_string().into_boxed_str()));
        let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
        let value = [Fields { names, depth: 3 }, Fields { names, depth: 3 }];
        let (written, expected) = both_ways(&value);
        assert_eq!(written, expected);
        let (written, expected) = both_ways(&Fields { names: &["x"], depth: FIELD_STARTS + 1 });
        assert_eq!(written, expected);
    }

    #[test]
    fn a_key_that_is_no_string_is_refused_as_serde_json_refuses_it() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(to_writer_pretty(&mut Vec::new(), &map).is_err());
        assert!(serde_json::to_writer_pretty(&mut Vec::new(), &map).is_err());
    }

    proptest! {
        #[test]
        fn any_strings_and_numbers_are_written_as_serde_json_writes_them(
            strings in prop::collection::vec("(\"|\\\\|[\u{0}-\u{1f}]|\u{7f}|/|é|\u{2028}|<|[a-z ]{1,9}|\\PC)*", 0..6),
            numbers in prop::collection::vec(any::<i64>(), 0..4),
            keys in prop::collection::btree_map("\\PC{0,8}", any::<Option<u32>>(), 0..4),
        ) {
            let value = (strings, numbers, keys, vec![Some(1.5f64), None]);
            let (written, expected) = both_ways(&value);
            prop_assert_eq!(written, expected);
        }
    }
}
