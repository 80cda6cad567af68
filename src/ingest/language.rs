//! Language of a document's body, as an ISO 639-1 code where one exists (`en`), else ISO 639-3.
//! whatlang needs some text to be sure: under 40 characters, or when it is unsure, we say
//! nothing rather than guess.

/// Detect the language of `text`.
pub fn detect(text: &str) -> Option<String> {
    // whatlang's cost grows with the sample: at 2,000 characters it was a third of the whole
    // ingest; 600 (about 100 words) still gives a reliable guess on news prose.
    let sample: String = text.chars().take(600).collect();
    if sample.trim().len() < 40 {
        return None;
    }
    if plainly_english(&sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// whatlang's best guess for `text` even when it is unsure, for reading names only: a Slovene
/// article that whatlang cannot tell from Croatian for sure (7 of the 65 Slovene articles of the
/// multilingual tuning half) is still read with a South Slavic language's endings and given
/// names, which finds its people, rather than with none, which finds only the curated ones. The
/// document's `language` stays unset: the guess is not shown as a fact. Only over a full sample
/// of prose (600 characters, 70% of them letters): on a wire brief or a results table the guess
/// is noise (Reuters items left without a language, read so, gained false countries); the
/// Slovene articles have 475 letters or more in their first 600 characters, the Reuters items 403
/// at most.
pub fn guess(text: &str) -> Option<String> {
    let sample: String = text.chars().take(600).collect();
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if sample.chars().count() < 600 || letters < 420 {
        return None;
    }
    let code = whatlang::detect(&sample)?.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// The language a file declares (`de`, `en-GB`, `deu`, `German`, `Deutsch`) as the code
/// [`detect`] would give, or `None` for a tag no language of whatlang's answers to (`x-klingon`,
/// `und`): a declared language is trusted over detection, which needs 40 characters and guesses
/// on short summaries, but only when it names a language.
pub fn declared(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    whatlang::Lang::all().iter().find_map(|lang| {
        let code3 = lang.code();
        let code = iso639_1(code3).unwrap_or(code3);
        let named = tag.eq_ignore_ascii_case(lang.eng_name())
            || tag.to_lowercase() == lang.name().to_lowercase();
        (primary == code || primary == code3 || named).then(|| code.to_string())
    })
}

/// The English name of a language code as [`detect`] gives it (`de` -> `German`).
pub fn name(code: &str) -> Option<&'static str> {
    whatlang::Lang::all()
        .iter()
        .find(|l| iso639_1(l.code()).unwrap_or(l.code()) == code)
        .map(|l| l.eng_name())
}

/// Han (with extensions and compatibility ideographs), Hiragana, Katakana (and half-width),
/// Hangul syllables and jamo: the scripts written without spaces between words (Korean spaces
/// words, but with particles attached), which the index cuts into character bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x1100..=0x11FF | 0x3130..=0x318F
        | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// English function words. Their share of a sample's words tells English prose from any other
/// language cheaply: whatlang's trigram scoring over 60-odd languages was 30% of ingest CPU,
/// and most archives are mostly English.
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "was", "said", "by",
    "as", "at", "from", "it", "has", "have", "are", "were", "will", "its", "an", "this", "which",
    "be", "he", "she", "they", "not", "but", "had", "been", "would",
];

/// A sample of at least 30 words, a quarter or more of them English function words, `the` among
/// them at least three times: English, with no need for a full detection. (`the` is not a word
/// in the other languages whatlang knows; a quarter is far above what loanwords and names reach.
/// Measured: same answer as whatlang on every English page of the shared HTML corpora.)
fn plainly_english(sample: &str) -> bool {
    let (mut words, mut english, mut the) = (0, 0, 0);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        // No lowercased copy per word: this runs over every document's sample.
        if w.eq_ignore_ascii_case("the") {
            the += 1;
        }
        if ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            english += 1;
        }
    }
    words >= 30 && the >= 3 && english * 4 >= words
}

fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "ita" => "it",
        "spa" => "es",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "ron" => "ro",
        "hun" => "hu",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ell" => "el",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "hin" => "hi",
        "urd" => "ur",
        "ben" => "bn",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "bul" => "bg",
        "hrv" => "hr",
        "srp" => "sr",
        "slv" => "sl",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cat" => "ca",
        "bel" => "be",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "kaz" => "kk",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guess_for_names_over_full_prose_only() {
        let prose = "Ministrica za zunanje zadeve je v ponedeljek v Bruslju povedala, da bo \
            vlada podprla nov dogovor o dobavi plina, in dodala, da so se pogovori z \
            evropskimi partnerji odvijali v prijateljskem in konstruktivnem vzdušju. \
            Po njenih besedah bodo podrobnosti dogovora znane do konca meseca, ko se bodo \
            ministri znova sestali v Ljubljani. Opozicija je napovedala, da bo dogovor \
            natančno preučila, saj po njenem mnenju prinaša veliko tveganj za državni \
            proračun in za gospodinjstva, ki se že zdaj soočajo z visokimi cenami energije. \
            Predsednik vlade se bo o tem prihodnji teden pogovarjal tudi s sindikati in z \
            delodajalci, ki so že prejšnji mesec opozorili na težave v industriji.";
        assert!(prose.chars().count() >= 600);
        assert!(guess(prose).is_some());
        // A results table or a wire brief: no guess.
        assert_eq!(
            guess("Shr 12 cts vs 10 cts Net 4.5 mln vs 3.9 mln Revs 120 mln"),
            None
        );
        assert_eq!(guess(&"Qtr net shr 1.20 dlrs vs 98 cts; ".repeat(30)), None);
    }

    #[test]
    fn declared_languages_by_code_tag_and_name() {
        for (tag, code) in [
            ("de", "de"),
            ("de-DE", "de"),
            ("en_GB", "en"),
            ("deu", "de"),
            ("German", "de"),
            ("Deutsch", "de"),
            ("RU", "ru"),
            ("Українська", "uk"),
        ] {
            assert_eq!(declared(tag).as_deref(), Some(code), "{tag}");
        }
        for junk in ["und", "x-klingon", "", "12"] {
            assert_eq!(declared(junk), None, "{junk}");
        }
        assert_eq!(name("de"), Some("German"));
        assert_eq!(name("zz"), None);
    }

    #[test]
    fn detects_common_languages() {
        assert_eq!(
            detect("Italy will not send troops to Ukraine as part of the security guarantees, the prime minister said.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("L'Italia non invierà truppe in Ucraina nell'ambito delle garanzie di sicurezza, ha detto la premier.").as_deref(),
            Some("it")
        );
        assert_eq!(detect("too short"), None);
    }

    #[test]
    fn the_english_shortcut_takes_english_prose_only() {
        let en = "Foreign ministers of the Group of Seven ended a three-day meeting in Canada on \
                  Friday with a joint statement supporting the proposal for a ceasefire, and the \
                  host said the ministers had shown that the group remained united on the main \
                  security challenges facing its members.";
        assert!(plainly_english(en));
        // Other languages, even with English names and loanwords in them, go to whatlang.
        let de = "Die Außenminister der G7 haben am Freitag in Kanada ein dreitägiges Treffen mit \
                  einer gemeinsamen Erklärung beendet, in der sie den Vorschlag für eine Waffenruhe \
                  unterstützen. The Economist und die New York Times berichteten über das Treffen, \
                  das in der Stadt stattfand.";
        let fr = "Les ministres des Affaires étrangères du G7 ont conclu vendredi au Canada une \
                  réunion de trois jours par une déclaration commune soutenant la proposition de \
                  cessez-le-feu, a indiqué la ministre hôte, qui a salué l'unité du groupe face aux \
                  principaux défis de sécurité.";
        assert!(!plainly_english(de));
        assert!(!plainly_english(fr));
        assert_eq!(detect(de).as_deref(), Some("de"));
        assert_eq!(detect(fr).as_deref(), Some("fr"));
        // Too few words to be sure without whatlang.
        assert!(!plainly_english("the talks, the summit and the deal"));
    }
}
