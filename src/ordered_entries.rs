//! A JSON (or TOML) object read as its entries in file order, a key that comes twice kept
//! twice, for readers that must keep the order of a stranger's file or refuse its duplicates.
//! serde's maps give neither: a `HashMap` loses the order and the second of two equal keys.

use std::marker::PhantomData;

use serde::Deserialize;

/// The entries of an object, in the order the file gives them, duplicates included.
#[derive(Debug)]
pub struct OrderedEntries<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for OrderedEntries<K, V> {
    fn default() -> Self {
        OrderedEntries(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for OrderedEntries<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<K, V> {
            type Value = OrderedEntries<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                // At most as many as the file could hold, whatever the size hint claims.
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(32).min(4096));
                while let Some(entry) = map.next_entry::<K, V>()? {
                    out.push(entry);
                }
                Ok(OrderedEntries(out))
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_duplicates_are_kept() {
        let e: OrderedEntries<String, u32> =
            serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(
            e.0,
            [
                ("b".to_string(), 1),
                ("a".to_string(), 2),
                ("b".to_string(), 3)
            ]
        );
        assert!(serde_json::from_str::<OrderedEntries<String, u32>>("[1]").is_err());
    }
}
