//! The manifest's reader: a `&Value` deserializer that refuses a list where a struct is
//! wanted, all the way down (serde's derived structs also accept a list, fields by position,
//! which would read `security_scan: [VSS-1, x]` as a report and an exception).
//!
//! Read tolerantly ([`tolerant`]), it also
//! - leaves out the keys a struct does not define (the schema stage reports them, MAN002),
//!   so that the struct's other values are still read;
//! - refuses the string values it is told are placeholders (MAN012), so that they are
//!   unknown to every rule;
//! - hands `null` to the value's own reader even where the key is optional, so that a null
//!   is an unknown value (MAN003), not an absent key;
//!
//! and counts every value it leaves unknown or key it leaves out, so that the pipeline knows
//! whether the manifest was read whole.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde_json::{Error, Value};

thread_local! {
    static TOLERANT: Cell<bool> = const { Cell::new(false) };
    static UNKNOWNS: Cell<usize> = const { Cell::new(0) };
    static PLACEHOLDERS: RefCell<HashSet<usize>> = RefCell::new(HashSet::new());
}

/// Counts one value left unknown, or one key left out, by the tolerant reader.
pub fn note_unknown() {
    UNKNOWNS.with(|c| c.set(c.get() + 1));
}

fn is_tolerant() -> bool {
    TOLERANT.with(Cell::get)
}

/// The address of a value inside the manifest's tree, as [`tolerant`] takes placeholders.
pub fn address(value: &Value) -> usize {
    std::ptr::from_ref(value) as usize
}

fn is_placeholder(value: &Value) -> bool {
    matches!(value, Value::String(_))
        && PLACEHOLDERS.with(|p| {
            let p = p.borrow();
            !p.is_empty() && p.contains(&address(value))
        })
}

/// Runs `read` tolerantly, with the string values at `placeholders` refused; returns what it
/// read and how many values it left unknown or keys it left out. The reader's state is put
/// back afterwards, even when `read` panics.
pub fn tolerant<R>(placeholders: HashSet<usize>, read: impl FnOnce() -> R) -> (R, usize) {
    struct Restore {
        tolerant: bool,
        unknowns: usize,
        placeholders: HashSet<usize>,
    }
    impl Drop for Restore {
        fn drop(&mut self) {
            TOLERANT.with(|t| t.set(self.tolerant));
            UNKNOWNS.with(|u| u.set(self.unknowns));
            PLACEHOLDERS.with(|p| *p.borrow_mut() = std::mem::take(&mut self.placeholders));
        }
    }
    let _restore = Restore {
        tolerant: TOLERANT.with(|t| t.replace(true)),
        unknowns: UNKNOWNS.with(|u| u.replace(0)),
        placeholders: PLACEHOLDERS.with(|p| p.replace(placeholders)),
    };
    let out = read();
    (out, UNKNOWNS.with(Cell::get))
}

/// A `&Value` deserializer for the typed model (see the module's documentation).
pub struct Strict<'a>(pub &'a Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("a number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn placeholder() -> Error {
    Error::custom("a placeholder, not a value")
}

/// Scalar requests go to `&Value` itself (numbers keep their exact text).
macro_rules! scalar {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            if is_placeholder(self.0) {
                return Err(placeholder());
            }
            self.0.$method(visitor)
        }
    )*};
}

impl<'a> Deserializer<'a> for Strict<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Object(map) => visitor.visit_map(Map {
                entries: map.iter(),
                value: None,
                fields: None,
            }),
            other if is_placeholder(other) => Err(placeholder()),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Map {
                entries: map.iter(),
                value: None,
                fields: is_tolerant().then_some(fields),
            }),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(_) => self.deserialize_any(visitor),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            // Read tolerantly, a `null` is the value's own reader's to refuse.
            Value::Null if !is_tolerant() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if is_placeholder(self.0) {
            return Err(placeholder());
        }
        // The model's enums are plain names (strings).
        self.0.deserialize_enum(name, variants, visitor)
    }

    scalar! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }
}

struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'a> SeqAccess<'a> for Seq<'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Strict(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
    /// Read tolerantly into a struct: its keys; the others are left out.
    fields: Option<&'static [&'static str]>,
}

impl<'a> MapAccess<'a> for Map<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        loop {
            let Some((key, value)) = self.entries.next() else {
                return Ok(None);
            };
            if let Some(fields) = self.fields
                && !fields.contains(&key.as_str())
            {
                note_unknown();
                continue;
            }
            self.value = Some(value);
            return seed
                .deserialize(BorrowedStrDeserializer::<Error>::new(key))
                .map(Some);
        }
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(Strict(v)),
            None => Err(de::Error::custom(
                "a map value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
