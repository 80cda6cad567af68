//! Which of the countries an article mentions it is *about*. A wire story on Japanese car
//! exports names the US, Britain and West Germany in passing; a reader filtering by country
//! wants the story under Japan. Every mentioned country keeps its count in `mentions`; only the
//! salient ones are listed in `Entities::countries`.
//!
//! The rule uses what an editor uses: the dateline (where the story was filed), the headline,
//! the lead paragraph, and how much of the article's country talk a country takes. Thresholds
//! were set by measurement on the Reuters-21578 gold (see `tests/shared_corpora.rs`).

/// What one article says about one country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub code: String,
    /// Mentions in the title and clean body (names, demonyms, places, national bodies).
    pub mentions: u32,
    /// In the headline.
    pub in_title: bool,
    /// In the body's lead paragraph (its first `LEAD_CHARS` characters).
    pub in_lead: bool,
    /// Named by the dateline or a place line outside the body (`Kyiv • UNN`).
    pub stated: bool,
}

/// How much of a long first paragraph counts as the lead: about two wire sentences (a Reuters
/// lead sentence averages ~200 characters).
pub const LEAD_CHARS: usize = 400;

/// The salient countries, most salient first.
pub fn about(evidence: &[Evidence]) -> Vec<String> {
    let total: u32 = evidence.iter().map(|e| e.mentions).sum();
    let top = evidence.iter().map(|e| e.mentions).max().unwrap_or(0);
    let mut kept: Vec<(&Evidence, u32)> = evidence
        .iter()
        .map(|e| (e, score(e)))
        .filter(|(e, _)| {
            e.stated
                || e.in_title
                || (e.in_lead && e.mentions >= top)
                || (e.mentions >= 2 && e.mentions * 2 >= top && e.mentions * 4 >= total)
        })
        .collect();
    if kept.is_empty() {
        // Nothing stands out: the most mentioned country, if it is mentioned more than once or
        // is the only one.
        if let Some(e) = evidence.iter().max_by_key(|e| e.mentions) {
            if e.mentions >= 2 || evidence.len() == 1 {
                kept.push((e, score(e)));
            }
        }
    }
    kept.sort_by_key(|k| std::cmp::Reverse(k.1));
    kept.into_iter().map(|(e, _)| e.code.clone()).collect()
}

/// Ranking weight: a dateline or headline country is worth three mentions, the lead two.
fn score(e: &Evidence) -> u32 {
    e.mentions + 3 * u32::from(e.stated) + 3 * u32::from(e.in_title) + 2 * u32::from(e.in_lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: &str, mentions: u32, in_title: bool, in_lead: bool, stated: bool) -> Evidence {
        Evidence {
            code: code.into(),
            mentions,
            in_title,
            in_lead,
            stated,
        }
    }

    #[test]
    fn dateline_title_and_dominant_countries_are_kept() {
        let e = [
            ev("JP", 5, true, true, false),
            ev("US", 1, false, false, true),
            ev("GB", 1, false, false, false),
            ev("DE", 1, false, true, false),
        ];
        assert_eq!(about(&e), ["JP", "US"]);
    }

    #[test]
    fn a_lone_passing_mention_is_kept_only_when_it_is_all_there_is() {
        assert_eq!(about(&[ev("FR", 1, false, false, false)]), ["FR"]);
        let e = [
            ev("FR", 1, false, false, false),
            ev("IT", 1, false, false, false),
        ];
        assert!(about(&e).is_empty());
    }
}
