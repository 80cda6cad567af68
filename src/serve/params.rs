//! URL parameters to checked requests: the same names as the CLI's flags (`q`, `from`, `to`,
//! `since`, `country`, `person`, `org`, `place`, `source`, `lang`, `sort`, `limit`, `offset`,
//! `copies`, `field`, `by`, `count`, `normalize`), checked by the same code (`config::request`),
//! so the browser, the API and the terminal speak one query language and give one error.

use std::str::FromStr;

use crate::cli::{EntityFilters, Filters};
use crate::error::{Error, Result};
use crate::search::SearchRequest;

/// Longest query accepted (characters): a query is typed, not pasted from a book.
pub const MAX_QUERY: usize = 1_000;
/// Most hits or values one request may ask for.
pub const MAX_LIMIT: usize = 100;

/// The decoded parameters of a request, in order (a name may repeat: `country=IT&country=FR`).
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(query_string: &str) -> Params {
        Params(
            form_urlencoded::parse(query_string.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The parameters by name, each name's values in their order (which `get` depends on).
    pub fn sorted(&self) -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        v.sort_by_key(|&(k, _)| k);
        v
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A number parameter, with its default, at most `max`.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(_) => Err(Error::Usage(format!("{name}: at most {max}"))),
                Err(_) => Err(Error::Usage(format!("{name}: '{v}' is not a number"))),
            },
        }
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("1" | "true" | "yes" | "on"))
    }

    /// A value of a CLI enum (`sort=newest`, `field=person`), as clap spells it.
    pub fn choice<T: clap::ValueEnum + Clone>(&self, name: &str, default: T) -> Result<T> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => T::from_str(v, true).map_err(|_| {
                let names: Vec<String> = T::value_variants()
                    .iter()
                    .filter_map(|x| x.to_possible_value().map(|p| p.get_name().to_string()))
                    .collect();
                Error::Usage(format!("{name}: '{v}' is not one of {}", names.join(", ")))
            }),
        }
    }

    /// The query (with `lang=` folded in as `lang:` terms) and the filters, checked as the CLI
    /// checks them.
    pub fn request(&self) -> Result<SearchRequest> {
        let mut query = self.get("q").unwrap_or("*").trim().to_string();
        if query.chars().count() > MAX_QUERY {
            return Err(Error::Usage(format!("q: at most {MAX_QUERY} characters")));
        }
        for lang in self.all("lang") {
            if !lang.chars().all(|c| c.is_ascii_alphabetic()) || lang.len() > 3 {
                return Err(Error::Usage(format!(
                    "lang: '{lang}' is not a language code"
                )));
            }
            query = match query.as_str() {
                "" | "*" => format!("lang:{lang}"),
                q => format!("({q}) lang:{lang}"),
            };
        }
        let filters = Filters {
            from: self.get("from").map(str::to_string),
            to: self.get("to").map(str::to_string),
            since: self.get("since").map(str::to_string),
            entities: EntityFilters {
                country: self.all("country"),
                person: self.all("person"),
                org: self.all("org"),
                place: self.all("place"),
                source: self.all("source"),
            },
        };
        if filters.from.is_some() && filters.since.is_some() {
            return Err(Error::Usage("give from or since, not both".into()));
        }
        crate::config::request(&query, filters)
    }
}

/// `FromStr` for numbers in paths and the like.
pub fn parse_or<T: FromStr>(s: &str, what: &str) -> Result<T> {
    s.parse()
        .map_err(|_| Error::Usage(format!("{what}: '{s}' is not valid")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_and_escapes_are_read() {
        let p = Params::parse("q=%22security+guarantees%22&country=IT&country=FR&limit=5");
        assert_eq!(p.get("q"), Some("\"security guarantees\""));
        assert_eq!(p.all("country"), ["IT", "FR"]);
        assert_eq!(p.number("limit", 10, MAX_LIMIT).unwrap(), 5);
        assert!(p.number("limit", 10, 3).is_err());
        let r = p.request().unwrap();
        assert_eq!(r.countries, ["IT", "FR"]);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let e = Params::parse("sort=sideways").choice("sort", crate::search::Sort::Relevance);
        assert!(e.unwrap_err().to_string().contains("sort: 'sideways'"));
        let e = Params::parse("from=yesterday").request().unwrap_err();
        assert!(e.to_string().contains("yesterday"), "{e}");
        let long = format!("q={}", "a".repeat(MAX_QUERY + 1));
        assert!(Params::parse(&long).request().is_err());
    }
}
