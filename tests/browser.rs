//! `dossier serve` in a real headless Chromium (Debian's `chromium`, driven over the DevTools
//! protocol by headless_chrome): a reader types a query and sees results, clicks a country
//! and sees the count and the results change, drags across the chart and sees the dates
//! applied, opens a document; hostile titles render as text and raise no dialog; the page fits
//! a phone-width window. Screenshots go to `target/browser/`.
//!
//! Without a browser (plain `cargo test` on a machine without Chromium) each test prints
//! `SKIPPED` and passes; `.ci/run` installs Chromium and sets `DOSSIER_REQUIRE_BROWSER`, so CI
//! always runs them. `DOSSIER_CHROMIUM` names another browser binary.

mod common;

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::served::{hostile_archive, serve, Served};
use common::Env;
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::Input;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DOSSIER_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// A headless browser at this window size, or None (and a SKIPPED line) without one.
fn browser(test: &str, width: u32, height: u32) -> Option<Browser> {
    let Some(path) = chromium() else {
        assert!(
            std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_none(),
            "{test}: DOSSIER_REQUIRE_BROWSER is set (as .ci/run does) but there is no Chromium"
        );
        eprintln!(
            "SKIPPED {test}: no Chromium (install Debian's `chromium`, or set DOSSIER_CHROMIUM)"
        );
        return None;
    };
    // As root (CI) Chromium runs only without its sandbox; the rest keeps it quiet and offline.
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .unwrap();
    Some(Browser::new(options).expect("Chromium starts"))
}

/// A tab that records whether any page raised a JavaScript dialog (and dismisses it).
fn tab(browser: &Browser) -> (Arc<Tab>, Arc<AtomicBool>) {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let raised = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&raised);
    let handle = Arc::clone(&tab);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        if let Event::PageJavascriptDialogOpening(_) = event {
            flag.store(true, Ordering::SeqCst);
            let _ = handle.get_dialog().dismiss();
        }
    }))
    .unwrap();
    (tab, raised)
}

fn open(tab: &Tab, s: &Served, target: &str) {
    tab.navigate_to(&format!("http://127.0.0.1:{}{target}", s.port))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// Wait until the page's address satisfies `ok` and the page has loaded (a click or Enter
/// starts a navigation a moment later: waiting for "navigated" alone can see the old page).
fn wait_for(tab: &Tab, what: &str, ok: impl Fn(&str) -> bool) -> String {
    for _ in 0..400 {
        let url = eval(tab, "location.href");
        let done = eval(tab, "document.readyState") == "complete";
        if let Some(u) = url.as_str().filter(|u| done && ok(u)) {
            return u.to_string();
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!(
        "the page never became {what}: {}",
        eval(tab, "location.href")
    );
}

fn text(tab: &Tab, selector: &str) -> String {
    tab.wait_for_element(selector)
        .unwrap()
        .get_inner_text()
        .unwrap()
}

/// A JavaScript expression's value, as JSON.
fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false).unwrap().value.unwrap_or_default()
}

fn screenshot(tab: &Tab, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    assert!(png.len() > 1_000, "a real picture of the page");
    std::fs::write(dir.join(name), png).unwrap();
}

/// The number of the summary line `1-10 of 14 stories (17 articles)`.
fn stories_in(summary: &str) -> usize {
    summary
        .split(" of ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {summary:?}"))
}

fn mouse(tab: &Tab, kind: Input::DispatchMouseEventTypeOption, at: Point, buttons: u32) {
    tab.call_method(Input::DispatchMouseEvent {
        Type: kind,
        x: at.x,
        y: at.y,
        modifiers: None,
        timestamp: None,
        button: Some(Input::MouseButton::Left),
        buttons: Some(buttons),
        click_count: Some(1),
        force: None,
        tangential_pressure: None,
        tilt_x: None,
        tilt_y: None,
        twist: None,
        delta_x: None,
        delta_y: None,
        pointer_Type: None,
    })
    .unwrap();
}

#[test]
fn a_reader_searches_filters_by_country_drags_the_chart_and_opens_a_document() {
    let Some(browser) = browser("browser search", 1280, 900) else {
        return;
    };
    let env = Env::with_fixtures();
    let s = serve(&env, &[]);
    let (tab, raised) = tab(&browser);
    open(&tab, &s, "/");

    // `/` focuses the box; type a query, press Enter: results with highlighted words.
    tab.press_key("/").unwrap();
    assert_eq!(eval(&tab, "document.activeElement.id"), "q");
    tab.type_str("ceasefire")
        .unwrap()
        .press_key("Enter")
        .unwrap();
    wait_for(&tab, "the search for ceasefire", |u| {
        u.contains("q=ceasefire")
    });
    let before = stories_in(&text(&tab, "p.summary"));
    assert!(before >= 2, "ceasefire finds several stories");
    assert!(eval(&tab, "document.querySelectorAll('article.hit mark').length").as_u64() > Some(0));
    screenshot(&tab, "search.png");

    // Click the country facet with the fewest stories: a chip appears, the count falls to it.
    let facets = tab.find_elements("a[data-facet=country]:not(.on)").unwrap();
    assert!(!facets.is_empty(), "a countries column");
    let last = facets.last().unwrap();
    let label = last.get_inner_text().unwrap();
    let count: usize = last
        .find_element("span.count")
        .unwrap()
        .get_inner_text()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    last.click().unwrap();
    wait_for(&tab, "filtered by a country", |u| u.contains("country="));
    let after = stories_in(&text(&tab, "p.summary"));
    assert_eq!(after, count, "the facet said {count} for {label:?}");
    assert!(after < before, "the filter narrows {before} to {after}");
    assert!(text(&tab, "p.chips").contains("country:"));
    // The second click on the same facet removes the filter.
    tab.find_element("a[data-facet=country].on")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "unfiltered", |u| !u.contains("country="));
    assert_eq!(stories_in(&text(&tab, "p.summary")), before);

    // Drag across the first half of the chart's bars: the search narrows to those dates.
    open(&tab, &s, "/?q=*");
    let all = stories_in(&text(&tab, "p.summary"));
    let bars = eval(&tab, "document.querySelectorAll('#chart rect.bar').length")
        .as_u64()
        .unwrap();
    assert!(bars >= 4, "a chart of several bars ({bars})");
    let rect = eval(
        &tab,
        "(() => { const r = document.getElementById('chart').getBoundingClientRect(); \
         return [r.left, r.top, r.width, r.height].join(','); })()",
    );
    let r: Vec<f64> = rect
        .as_str()
        .unwrap()
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    let y = r[1] + r[3] - 2.0;
    let from = Point { x: r[0] + 2.0, y };
    let to = Point {
        x: r[0] + r[2] / 2.0,
        y,
    };
    use Input::DispatchMouseEventTypeOption::{MouseMoved, MousePressed, MouseReleased};
    mouse(&tab, MouseMoved, from, 0);
    mouse(&tab, MousePressed, from, 1);
    mouse(
        &tab,
        MouseMoved,
        Point {
            x: (from.x + to.x) / 2.0,
            y,
        },
        1,
    );
    mouse(&tab, MouseMoved, to, 1);
    mouse(&tab, MouseReleased, to, 0);
    wait_for(&tab, "narrowed to the dragged dates", |u| {
        u.contains("from=") && u.contains("to=")
    });
    let chips = text(&tab, "p.chips");
    assert!(chips.contains("from:") && chips.contains("to:"), "{chips}");
    let ranged = stories_in(&text(&tab, "p.summary"));
    assert!(ranged < all, "the range narrows {all} stories to {ranged}");

    // Open the first result: its page has the metadata, entity links and the body.
    open(&tab, &s, "/?q=ceasefire");
    let title = text(&tab, "article.hit h2 a");
    tab.find_element("article.hit h2 a")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "a document page", |u| u.contains("/doc/"));
    assert_eq!(text(&tab, "h1"), title);
    assert!(eval(&tab, "document.querySelectorAll('div.body mark').length").as_u64() > Some(0));
    assert!(
        eval(
            &tab,
            "document.querySelectorAll('dd a[href*=\"country=\"]').length"
        )
        .as_u64()
            > Some(0)
    );
    assert!(!raised.load(Ordering::SeqCst), "no dialog was raised");
}

#[test]
fn hostile_titles_render_as_text_and_raise_no_dialog() {
    let Some(browser) = browser("browser hostile", 1280, 900) else {
        return;
    };
    let env = hostile_archive();
    let s = serve(&env, &[]);
    let (tab, raised) = tab(&browser);
    open(&tab, &s, "/?q=hostile&copies=1");
    let titles = eval(
        &tab,
        "Array.from(document.querySelectorAll('article.hit h2 a')).map(a => a.textContent).join('|')",
    );
    let titles = titles.as_str().unwrap();
    assert!(
        titles.contains("<script>alert(1)</script> Hostile headline"),
        "{titles}"
    );
    assert!(
        titles.contains("\"><img src=x onerror=alert(1)> Another hostile headline"),
        "{titles}"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('img, svg:not(#chart), b').length"
        ),
        0
    );
    tab.find_element("article.hit h2 a")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "a document page", |u| u.contains("/doc/"));
    assert!(
        text(&tab, "div.body").contains("<script>alert("),
        "the body shows the markup as text"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !raised.load(Ordering::SeqCst),
        "a hostile string ran as script"
    );
}

#[test]
fn the_page_fits_a_phone_width_window() {
    let Some(browser) = browser("browser phone", 390, 844) else {
        return;
    };
    let env = Env::with_fixtures();
    let s = serve(&env, &[]);
    let (tab, _) = tab(&browser);
    open(&tab, &s, "/?q=ceasefire");
    assert!(stories_in(&text(&tab, "p.summary")) > 0);
    let overflow = eval(
        &tab,
        "document.documentElement.scrollWidth - window.innerWidth",
    );
    assert!(
        overflow.as_f64().unwrap() <= 1.0,
        "no sideways scrolling at 390 px: {overflow}"
    );
    screenshot(&tab, "search-phone.png");
}
