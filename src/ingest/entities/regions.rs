//! State and province abbreviations of datelines (`DENVER, Colo., March 2`): the region slot of a
//! dateline names the story's country even when the town (`MARIETTA, Pa.`) is in no gazetteer.
//! Kept apart from the main automaton because `Pa.`, `Miss.` or `Ind.` mean other things in a
//! sentence; here they are looked up only as a whole dateline region.

use std::collections::HashMap;
use std::sync::LazyLock;

const ABBREVIATIONS: &str = include_str!("data/abbreviations.tsv");

/// Abbreviation as written -> (region's canonical name, country code). About 150 entries.
static REGIONS: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        ABBREVIATIONS
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t').map(str::trim);
                Some((cols.next()?, (cols.next()?, cols.next()?)))
            })
            .collect()
    });

/// The region and country of a dateline's region slot: `Colo.` -> (`Colorado`, `US`). Wire
/// copy writes it in capitals too (`ELK GROVE VILLAGE, ILL.`), so capitals are folded to the
/// abbreviation's own case; the two-letter postal codes must be written in capitals.
pub fn dateline_region(slot: &str) -> Option<(&'static str, &'static str)> {
    let slot = slot.trim().trim_end_matches(',');
    if let Some(&r) = REGIONS.get(slot) {
        return Some(r);
    }
    // `ILL.` -> `Ill.`, `W.VA.` -> `W.Va.`: first letter of each dot-separated part kept.
    let mut folded = String::with_capacity(slot.len());
    let mut start = true;
    for c in slot.chars() {
        folded.extend(if start {
            c.to_uppercase().collect::<Vec<_>>()
        } else {
            c.to_lowercase().collect()
        });
        start = matches!(c, '.' | ' ');
    }
    REGIONS.get(folded.as_str()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_in_any_wire_case() {
        assert_eq!(dateline_region("Colo."), Some(("Colorado", "US")));
        assert_eq!(dateline_region("ILL."), Some(("Illinois", "US")));
        assert_eq!(dateline_region("N.J."), Some(("New Jersey", "US")));
        assert_eq!(dateline_region("W.Va."), Some(("West Virginia", "US")));
        assert_eq!(dateline_region("Ont."), Some(("Ontario", "CA")));
        assert_eq!(dateline_region("TX"), Some(("Texas", "US")));
        assert_eq!(dateline_region("Texas"), Some(("Texas", "US")));
        assert_eq!(dateline_region("Italy"), None);
        assert_eq!(dateline_region("Mr."), None);
    }
}
