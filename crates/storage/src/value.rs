//! Values crossing the SQL boundary. The schemas use four column types only, the same on
//! both backends: `BIGINT` (integers, flags as 0/1, times as Unix milliseconds), `TEXT`,
//! `BLOB` (`BYTEA` on PostgreSQL) and NULL.

use crate::error::StoreError;

/// A parameter, borrowed from the caller for the time of the statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param<'a> {
    /// SQL `NULL`.
    Null,
    /// A 64-bit integer.
    Int(i64),
    /// Text.
    Text(&'a str),
    /// Octets (`BLOB`, `BYTEA`).
    Blob(&'a [u8]),
}

/// A value read from a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Value {
    /// SQL `NULL`.
    #[default]
    Null,
    /// A 64-bit integer.
    Int(i64),
    /// Text.
    Text(String),
    /// Octets (`BLOB`, `BYTEA`).
    Blob(Vec<u8>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "integer",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }
}

/// What can be bound as a parameter.
pub trait ToParam {
    /// The value as a statement parameter.
    fn to_param(&self) -> Param<'_>;
}

impl ToParam for i64 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(*self)
    }
}

impl ToParam for i32 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for u32 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for bool {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for str {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl ToParam for String {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl ToParam for [u8] {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}

impl ToParam for Vec<u8> {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}

impl<const N: usize> ToParam for [u8; N] {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Param<'_> {
        (**self).to_param()
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> Param<'_> {
        match self {
            Some(v) => v.to_param(),
            None => Param::Null,
        }
    }
}

/// What a column value can be read as.
pub trait FromValue: Sized {
    /// Reads the value; one of another type is [`StoreError::Decode`].
    fn from_value(v: Value) -> Result<Self, StoreError>;
}

fn mismatch(want: &'static str, got: &Value) -> StoreError {
    StoreError::Decode(format!("expected {want}, found {}", got.kind()))
}

impl FromValue for Value {
    fn from_value(v: Value) -> Result<Self, StoreError> {
        Ok(v)
    }
}

impl FromValue for i64 {
    fn from_value(v: Value) -> Result<Self, StoreError> {
        match v {
            Value::Int(i) => Ok(i),
            other => Err(mismatch("an integer", &other)),
        }
    }
}

impl FromValue for bool {
    fn from_value(v: Value) -> Result<Self, StoreError> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl FromValue for String {
    fn from_value(v: Value) -> Result<Self, StoreError> {
        match v {
            Value::Text(s) => Ok(s),
            other => Err(mismatch("text", &other)),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: Value) -> Result<Self, StoreError> {
        match v {
            Value::Blob(b) => Ok(b),
            other => Err(mismatch("a blob", &other)),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value) -> Result<Self, StoreError> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}
