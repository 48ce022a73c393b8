//! Enums whose variants have fixed text ids (the words of the plan JSON, the
//! CLI and the page): one declaration gives `ALL`, `id`, `from_id`, `ids`
//! and `Display`.

/// Declares the text id of each variant of an enum.
macro_rules! named {
    ($name:ident { $($variant:ident => $id:literal),* $(,)? }) => {
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($id),*].len()] = [$($name::$variant),*];

            /// The variant's text id.
            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),*
                }
            }

            /// The variant with the text id `id`.
            pub fn from_id(id: &str) -> Option<$name> {
                Self::ALL.into_iter().find(|v| v.id() == id)
            }

            /// Every id, for messages: `a, b or c`.
            pub fn ids() -> String {
                $crate::named::one_of(&[$($id),*])
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}
pub(crate) use named;

/// `a, b or c`.
pub(crate) fn one_of(ids: &[&str]) -> String {
    match ids.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    // The macro makes its items `pub` for the public enums it serves.
    #![allow(unreachable_pub)]

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Colour {
        Red,
        DarkBlue,
    }
    super::named!(Colour { Red => "red", DarkBlue => "dark-blue" });

    #[test]
    fn ids_round_trip_and_list() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
        assert_eq!(Colour::from_id("red"), Some(Colour::Red));
        assert_eq!(Colour::from_id("Red"), None);
        assert_eq!(Colour::ids(), "red or dark-blue");
        assert_eq!(super::one_of(&["a", "b", "c"]), "a, b or c");
    }
}
