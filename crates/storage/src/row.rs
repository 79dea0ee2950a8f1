//! A row read from a query, its columns by position.

use crate::error::StoreError;
use crate::value::{FromValue, Value};

/// One row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    pub(crate) fn new(values: Vec<Value>) -> Row {
        Row { values }
    }

    /// Column `i` (from 0) as `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T, StoreError> {
        let v = self
            .values
            .get(i)
            .cloned()
            .ok_or_else(|| StoreError::Decode(format!("no column {i}")))?;
        T::from_value(v).map_err(|e| StoreError::Decode(format!("column {i}: {e}")))
    }

    /// Column `i` moved out (the row keeps NULL there).
    pub fn take<T: FromValue>(&mut self, i: usize) -> Result<T, StoreError> {
        let v = self
            .values
            .get_mut(i)
            .map(std::mem::take)
            .ok_or_else(|| StoreError::Decode(format!("no column {i}")))?;
        T::from_value(v).map_err(|e| StoreError::Decode(format!("column {i}: {e}")))
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// What a row can be read as: a record type of a store, or a tuple of columns.
pub trait FromRow: Sized {
    /// Reads the row; a column of another type is [`StoreError::Decode`].
    fn from_row(row: Row) -> Result<Self, StoreError>;
}

impl FromRow for Row {
    fn from_row(row: Row) -> Result<Self, StoreError> {
        Ok(row)
    }
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(mut row: Row) -> Result<Self, StoreError> {
                Ok(($(row.take::<$t>($i)?,)+))
            }
        }
    };
}

tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
