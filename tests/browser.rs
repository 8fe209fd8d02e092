//! The default theme in a real browser: the demo site is built, served under a sub-path by a
//! static server, and driven in headless Chromium (Debian's `chromium`; `scripts/test`
//! installs it). These tests fail, not skip, when Chromium is missing.
//!
//! Screenshots are written to `$DOCGEN_SCREENSHOTS` (default: `<temp>/docgen-screenshots`).

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use common::server::StaticServer;

const CHROMIUM: &str = "/usr/bin/chromium";
const SUB_PATH: &str = "/docs/handbook/";

/// The demo site, built once and served for all tests.
struct Site {
    _out: tempfile::TempDir,
    server: StaticServer,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let options = docgen::BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: Some(out.path().join("public")),
            ..Default::default()
        };
        docgen::build(&options).expect("demo site builds");
        let server = StaticServer::start(&out.path().join("public"), SUB_PATH);
        Site { _out: out, server }
    })
}

/// A fixture project, built once and served at `prefix` (its `baseUrl`).
fn served_fixture(name: &'static str, prefix: &str) -> &'static Site {
    static SITES: OnceLock<Mutex<Vec<(&'static str, &'static Site)>>> = OnceLock::new();
    let mut sites = SITES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((_, site)) = sites.iter().find(|(n, _)| *n == name) {
        return site;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let options = docgen::BuildOptions {
        root: common::fixture(name),
        output: Some(out.path().join("public")),
        ..Default::default()
    };
    docgen::build(&options).expect("fixture builds");
    let server = StaticServer::start(&out.path().join("public"), prefix);
    let site: &'static Site = Box::leak(Box::new(Site { _out: out, server }));
    sites.push((name, site));
    site
}

fn url(rel: &str) -> String {
    format!("{}{rel}", site().server.base)
}

/// One browser at a time: nine Chromiums at once on a 2-core CI machine make timing flaky.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn browser() -> (std::sync::MutexGuard<'static, ()>, Browser) {
    let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install it with `apt-get install -y chromium` (scripts/test does)"
    );
    let user_data = tempfile::tempdir().expect("profile dir").keep();
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from(CHROMIUM)))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .user_data_dir(Some(user_data))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    (turn, Browser::new(options).expect("start chromium"))
}

/// Problems a page had while loading: failed requests, HTTP errors, console errors, exceptions.
#[derive(Default, Clone)]
struct Problems(Arc<Mutex<Vec<String>>>);

impl Problems {
    fn watch(tab: &Tab) -> Problems {
        let problems = Problems::default();
        let sink = problems.0.clone();
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("network domain");
        tab.enable_runtime().expect("runtime domain");
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let problem = match event {
                Event::NetworkLoadingFailed(e) => {
                    Some(format!("request failed: {}", e.params.error_text))
                }
                Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => {
                    Some(format!(
                        "HTTP {} for {}",
                        e.params.response.status, e.params.response.url
                    ))
                }
                Event::RuntimeConsoleAPICalled(e)
                    if e.params.Type == Runtime::ConsoleAPICalledEventTypeOption::Error =>
                {
                    Some(format!(
                        "console error: {:?}",
                        e.params.args.first().and_then(|a| a.value.clone())
                    ))
                }
                Event::RuntimeExceptionThrown(e) => {
                    Some(format!("exception: {}", e.params.exception_details.text))
                }
                _ => None,
            };
            if let Some(p) = problem {
                sink.lock().expect("lock").push(p);
            }
        }))
        .expect("listener");
        problems
    }

    /// The problems, less what the fixture projects cause on purpose: they have no favicon,
    /// and their authors' pictures are on hosts this machine cannot reach.
    fn unexpected_in_fixtures(&self) -> Vec<String> {
        self.take()
            .into_iter()
            .filter(|p| !p.contains("/favicon.ico") && !p.contains("ERR_NAME_NOT_RESOLVED"))
            .collect()
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().expect("lock"))
    }
}

fn open(tab: &Tab, target: &str) {
    tab.navigate_to(target).expect("navigate");
    // Waiting for the network to go idle costs half a second a page; the page is ready when
    // its document is complete.
    wait_until(
        tab,
        &format!(
            "location.href === {target:?} && document.readyState === 'complete' && !!document.querySelector('footer')"
        ),
        "page loaded",
    );
}

fn eval(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, false)
        .unwrap_or_else(|e| panic!("evaluate {js}: {e}"))
        .value
        .unwrap_or(Value::Null)
}

fn eval_str(tab: &Tab, js: &str) -> String {
    eval(tab, js).as_str().unwrap_or_default().to_string()
}

fn eval_f64(tab: &Tab, js: &str) -> f64 {
    eval(tab, js).as_f64().unwrap_or(f64::NAN)
}

fn wait_until(tab: &Tab, js: &str, what: &str) {
    for _ in 0..150 {
        // While a page is being replaced (a live reload, a click's navigation) there is no
        // document to ask: that is "not yet", not a failure.
        let value = tab.evaluate(js, false).ok().and_then(|r| r.value);
        if value == Some(Value::Bool(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what} ({js})");
}

fn viewport(tab: &Tab, width: u32, height: u32, mobile: bool) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("viewport");
}

fn screenshot(tab: &Tab, name: &str) -> PathBuf {
    let dir = std::env::var_os("DOCGEN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("docgen-screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// Makes the page see the system's colour preference as `scheme`.
fn system_colour_scheme(tab: &Tab, scheme: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        }]),
    })
    .expect("emulate the system colour scheme");
}

/// Clicks the middle of an element with a real mouse event; `Element::click` needs page
/// scripts, which some tests turn off.
fn click_at(tab: &Tab, selector: &str) {
    let element = tab
        .find_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    let point = element
        .get_midpoint()
        .unwrap_or_else(|e| panic!("{selector} position: {e}"));
    tab.click_point(point)
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

/// Sidebar links in document order, as absolute URLs.
fn sidebar_links(tab: &Tab) -> Vec<String> {
    eval_json(
        tab,
        "Array.from(document.querySelectorAll('.sidebar-list a')).map(a => a.href)",
    )
}

/// The value of `js`, passed through JSON.
fn eval_json<T: serde::de::DeserializeOwned>(tab: &Tab, js: &str) -> T {
    let text = eval_str(tab, &format!("JSON.stringify({js})"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{js}: {e}: {text}"))
}

#[test]
fn every_sidebar_link_opens_a_page_without_errors() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    open(&tab, &url("index.html"));
    let links = sidebar_links(&tab);
    assert!(links.len() >= 15, "sidebar has {} links", links.len());
    assert!(problems.take().is_empty());
    for link in &links {
        assert!(link.starts_with(&url("")), "{link} leaves the sub-path");
        open(&tab, link);
        let title = eval_str(
            &tab,
            "document.querySelector('h1') && document.querySelector('h1').textContent",
        );
        assert!(!title.trim().is_empty(), "{link} has no heading");
        let current = eval_str(
            &tab,
            "(document.querySelector('.sidebar [aria-current=page]') || {}).href || ''",
        );
        assert_eq!(
            &current, link,
            "the open page is highlighted in the sidebar"
        );
        let found = problems.take();
        assert!(found.is_empty(), "{link}: {found:?}");
    }
}

#[test]
fn previous_next_walks_the_whole_site_in_sidebar_order() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &url("index.html"));
    let mut expected = sidebar_links(&tab);
    expected.dedup();
    let mut visited = vec![eval_str(&tab, "location.href")];
    // Asked of the page in one evaluation, once it has loaded: a query racing the next
    // page's arrival could miss the link.
    while eval(&tab, "!!document.querySelector('a[rel=next]')") == Value::Bool(true) {
        let next = tab.find_element("a[rel=next]").expect("the next link");
        next.click().expect("click next");
        let before = visited.last().cloned().unwrap_or_default();
        wait_until(
            &tab,
            &format!(
                "location.href !== {before:?} && document.readyState === 'complete' && !!document.querySelector('footer')"
            ),
            "next page",
        );
        visited.push(eval_str(&tab, "location.href"));
        assert!(
            visited.len() <= expected.len() + 1,
            "pagination loops: {visited:?}"
        );
    }
    assert_eq!(visited, expected);
}

#[test]
fn table_of_contents_links_land_on_their_headings() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &url("kontainer/kubernetes/index.html"));
    let ids: Vec<String> = serde_json::from_str(&eval_str(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('.toc a')).map(a => a.getAttribute('href').slice(1)))",
    ))
    .expect("ids");
    assert!(ids.len() >= 4, "toc has {} entries", ids.len());
    assert!(
        eval(
            &tab,
            "!!document.querySelector('.toc a[href=\"#' + CSS.escape(document.querySelector('.markdown h4').id) + '\"]')"
        ) == Value::Bool(true),
        "toc_max_heading_level: 4 lists h4"
    );
    for id in &ids {
        let link = tab
            .find_element(&format!(".toc a[href=\"#{id}\"]"))
            .expect("toc link");
        link.click().expect("click toc link");
        wait_until(&tab, &format!("location.hash === '#{id}'"), "hash");
        std::thread::sleep(Duration::from_millis(150));
        let top = eval_f64(
            &tab,
            &format!("document.getElementById({id:?}).getBoundingClientRect().top"),
        );
        let header = eval_f64(
            &tab,
            "document.querySelector('.navbar').getBoundingClientRect().bottom",
        );
        let at_end = eval(
            &tab,
            "Math.ceil(innerHeight + scrollY) >= document.documentElement.scrollHeight - 2",
        ) == Value::Bool(true);
        assert!(
            top >= header - 1.0,
            "#{id} hidden under the header ({top} < {header})"
        );
        assert!(top < 200.0 || at_end, "#{id} not scrolled to (top {top})");
        if !at_end {
            let active = format!(
                "(() => {{ const a = document.querySelector('.toc a.is-active'); return !!a && a.getAttribute('href') === '#{id}'; }})()"
            );
            wait_until(&tab, &active, "the table of contents follows the reader");
        }
    }
}

#[test]
fn dark_mode_toggle_changes_colours_and_survives_a_reload() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    system_colour_scheme(&tab, "light");
    open(&tab, &url("dasar-devops/ci/index.html"));
    let body_bg = "getComputedStyle(document.body).backgroundColor";
    let code_colour = "getComputedStyle(document.querySelector('.code-block code > span')).color";
    assert_eq!(
        eval_str(&tab, "document.documentElement.dataset.theme"),
        "light"
    );
    let light_bg = eval_str(&tab, body_bg);
    let light_code = eval_str(&tab, code_colour);
    assert_eq!(
        eval_str(&tab, "document.querySelector('.copy-button').textContent"),
        "Salin",
        "the copy button speaks the site's language"
    );
    screenshot(&tab, "desktop-light.png");

    tab.find_element(".theme-toggle")
        .expect("toggle")
        .click()
        .expect("click toggle");
    assert_eq!(
        eval_str(&tab, "document.documentElement.dataset.theme"),
        "dark"
    );
    let dark_bg = eval_str(&tab, body_bg);
    assert_ne!(light_bg, dark_bg, "background changes");
    eval(
        &tab,
        "document.querySelector('.code-block').scrollIntoView()",
    );
    screenshot(&tab, "code-dark.png");
    eval(&tab, "window.scrollTo(0, 0)");
    assert_ne!(
        light_code,
        eval_str(&tab, code_colour),
        "code colours change"
    );

    tab.reload(false, None).expect("reload");
    tab.wait_until_navigated().expect("reloaded");
    tab.wait_for_element("footer").expect("rendered");
    assert_eq!(
        eval_str(&tab, "document.documentElement.dataset.theme"),
        "dark",
        "choice remembered"
    );
    assert_eq!(eval_str(&tab, body_bg), dark_bg);
    screenshot(&tab, "desktop-dark.png");
}

/// A token's colours in both modes are the two themes' colours for it: GitHub's storage
/// keyword colour (#a71d5d) in light mode, One Half Dark's (#c678dd) in dark mode, whether
/// dark comes from the toggle or from the system.
#[test]
fn a_code_token_takes_each_themes_colour_in_its_mode() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let func_colour = "getComputedStyle([...document.querySelectorAll('.code-block[data-lang=go] code span')].find(s => s.textContent === 'func')).color";
    system_colour_scheme(&tab, "light");
    open(&tab, &url("kontainer/docker/index.html"));
    assert_eq!(eval_str(&tab, func_colour), "rgb(167, 29, 93)");
    tab.find_element(".theme-toggle")
        .expect("toggle")
        .click()
        .expect("click toggle");
    assert_eq!(eval_str(&tab, func_colour), "rgb(198, 120, 221)");
    eval(&tab, "localStorage.removeItem('docgen-theme')");
    system_colour_scheme(&tab, "dark");
    open(&tab, &url("kontainer/docker/index.html"));
    assert_eq!(eval_str(&tab, func_colour), "rgb(198, 120, 221)");
    system_colour_scheme(&tab, "light");
}

#[test]
fn the_system_dark_preference_is_followed_without_a_choice() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    system_colour_scheme(&tab, "dark");
    open(&tab, &url("index.html"));
    assert_eq!(
        eval_str(&tab, "document.documentElement.dataset.theme"),
        "dark"
    );
}

#[test]
fn colours_meet_wcag_aa_contrast_in_both_modes() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &url("dasar-devops/pengenalan/index.html"));
    let contrast_js = r#"(() => {
      const rgb = s => s.match(/[\d.]+/g).slice(0, 3).map(Number);
      const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const bg = getComputedStyle(document.body).backgroundColor;
      const out = {};
      for (const sel of ['.markdown p', '.markdown a', '.breadcrumbs a', '.toc a', '.sidebar-list a:not([aria-current])', '.footer']) {
        const el = document.querySelector(sel); if (el) out[sel] = ratio(getComputedStyle(el).color, bg);
      }
      const cur = document.querySelector('.sidebar-list a[aria-current=page]');
      out['current page'] = ratio(getComputedStyle(cur).color, getComputedStyle(cur).backgroundColor);
      return JSON.stringify(out);
    })()"#;
    for mode in ["light", "dark"] {
        eval(
            &tab,
            &format!("document.documentElement.setAttribute('data-theme', '{mode}')"),
        );
        let ratios: serde_json::Map<String, Value> =
            serde_json::from_str(&eval_str(&tab, contrast_js)).expect("json");
        assert!(ratios.len() >= 6, "{ratios:?}");
        for (what, ratio) in &ratios {
            let r = ratio.as_f64().unwrap_or(0.0);
            assert!(r >= 4.5, "{mode}: {what} has contrast {r:.2} < 4.5");
        }
    }
}

#[test]
fn phone_sized_viewport_uses_a_drawer_and_never_scrolls_sideways() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    viewport(&tab, 390, 844, true);
    open(&tab, &url("kontainer/kubernetes/index.html"));
    let sidebar_visible = "(() => { const r = document.getElementById('sidebar').getBoundingClientRect(); return getComputedStyle(document.getElementById('sidebar')).visibility === 'visible' && r.right > 0 && r.left >= 0; })()";
    assert_eq!(
        eval(&tab, sidebar_visible),
        Value::Bool(false),
        "drawer starts closed"
    );
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.toc .toc-details ul')).display === 'none' || !document.querySelector('.toc-details').open"
        ),
        Value::Bool(true),
        "TOC folded"
    );
    tab.find_element(".menu-toggle")
        .expect("menu button")
        .click()
        .expect("open drawer");
    wait_until(&tab, sidebar_visible, "drawer open");
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.menu-toggle').getAttribute('aria-expanded')"
        ),
        "true"
    );
    std::thread::sleep(Duration::from_millis(300));
    screenshot(&tab, "mobile-drawer.png");
    tab.press_key("Escape").expect("escape");
    wait_until(&tab, &format!("!{sidebar_visible}"), "drawer closed");
    tab.find_element(".menu-toggle")
        .expect("menu button")
        .click()
        .expect("open again");
    wait_until(&tab, sidebar_visible, "drawer open again");
    tab.find_element(".sidebar-close")
        .expect("close button")
        .click()
        .expect("close");
    wait_until(
        &tab,
        &format!("!{sidebar_visible}"),
        "drawer closed by its button",
    );

    let pages = sidebar_links(&tab);
    for page in &pages {
        open(&tab, page);
        let overflow = eval_f64(
            &tab,
            "document.documentElement.scrollWidth - window.innerWidth",
        );
        assert!(
            overflow <= 0.0,
            "{page} scrolls sideways by {overflow}px at 390px"
        );
    }
    open(&tab, &url("dasar-devops/pengenalan/index.html"));
    screenshot(&tab, "mobile.png");
}

#[test]
fn with_javascript_disabled_the_sidebar_still_navigates() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    tab.call_method(Emulation::SetScriptExecutionDisabled { value: true })
        .expect("disable js");
    open(&tab, &url("index.html"));
    assert_eq!(
        eval(&tab, "document.querySelectorAll('.copy-button').length"),
        Value::from(0),
        "theme script did not run"
    );
    // A collapsed category opens its own page, whose sidebar shows the category's pages.
    click_at(&tab, ".sidebar details:not([open]) > summary a");
    wait_until(
        &tab,
        "location.href.includes('/category/') && !!document.querySelector('footer')",
        "category page",
    );
    assert!(
        eval(&tab, "document.querySelectorAll('.cards .card').length")
            .as_u64()
            .unwrap_or(0)
            >= 2,
        "category page lists its pages"
    );
    tab.find_element(".sidebar [aria-current=page]")
        .expect("category highlighted");
    click_at(
        &tab,
        ".sidebar .is-active-path details[open] a[href*='kontainer/docker']",
    );
    wait_until(
        &tab,
        "location.href.endsWith('kontainer/docker/index.html') && !!document.querySelector('footer')",
        "docker page",
    );
    // Opening a drawer on a phone works without JavaScript too (the menu is a link to #sidebar).
    viewport(&tab, 390, 844, true);
    click_at(&tab, ".menu-toggle");
    wait_until(
        &tab,
        "location.hash === '#sidebar' && getComputedStyle(document.getElementById('sidebar')).visibility === 'visible'",
        "drawer via :target",
    );
    // Tabs show every panel, each under its label, when no script can switch them.
    viewport(&tab, 1280, 900, false);
    open(&tab, &url("dasar-devops/alat-kerja/index.html"));
    let (_, shown) = tab_state(&tab);
    assert_eq!(shown, "linux,macos,windows,linux,macos,windows");
    assert_eq!(
        eval(&tab, "document.querySelector('.tabs-list').offsetHeight"),
        Value::from(0),
        "tab buttons that cannot work are hidden"
    );
}

/// Values of the selected tab in each tab group, and of the panels shown, in page order.
fn tab_state(tab: &Tab) -> (String, String) {
    let selected = eval_str(
        tab,
        "Array.from(document.querySelectorAll('.tabs-tab[aria-selected=true]')).map(b => b.dataset.value).join(',')",
    );
    let shown = eval_str(
        tab,
        "Array.from(document.querySelectorAll('.tabs-panel')).filter(p => p.offsetHeight > 0).map(p => p.dataset.value).join(',')",
    );
    (selected, shown)
}

#[test]
fn tabs_follow_their_group_remember_the_choice_and_read_the_url() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    let page = url("dasar-devops/alat-kerja/index.html");
    open(&tab, &page);
    let both = |v: &str| (format!("{v},{v}"), format!("{v},{v}"));
    assert_eq!(tab_state(&tab), both("linux"), "the `default` tab first");

    // A click in the first group switches the second too, and names the choice in the URL.
    click_at(&tab, ".tabs-tab[data-value=macos]");
    wait_until(
        &tab,
        "document.querySelectorAll('.tabs-tab[aria-selected=true][data-value=macos]').length === 2",
        "group follows",
    );
    assert_eq!(tab_state(&tab), both("macos"));
    assert!(eval_str(&tab, "location.search").contains("os=macos"));

    // The arrow keys move between tabs.
    eval(
        &tab,
        "document.querySelector('.tabs-tab[data-value=macos]').focus()",
    );
    tab.press_key("ArrowRight").expect("key");
    wait_until(
        &tab,
        "document.querySelector('.tabs-tab[aria-selected=true]').dataset.value === 'windows'",
        "arrow key",
    );
    assert_eq!(tab_state(&tab), both("windows"));

    // The choice is remembered on the next visit, and the URL's choice wins over it.
    open(&tab, &page);
    assert_eq!(tab_state(&tab), both("windows"));
    let with_query = format!("{page}?os=linux");
    open(&tab, &with_query);
    assert_eq!(tab_state(&tab), both("linux"));

    // The Mermaid diagram is drawn by the shipped script, with no request leaving the site.
    wait_until(
        &tab,
        "!!document.querySelector('pre.mermaid svg')",
        "mermaid diagram",
    );
    let nodes = eval_f64(
        &tab,
        "document.querySelectorAll('pre.mermaid svg .node').length",
    );
    assert_eq!(nodes, 6.0);
    let drawn = "document.querySelector('pre.mermaid').dataset.drawnTheme";
    wait_until(&tab, &format!("!!{drawn}"), "diagram drawn");
    let first = eval_str(&tab, drawn);
    // Switching the colour scheme draws the diagram again in the other one.
    click_at(&tab, ".theme-toggle");
    wait_until(
        &tab,
        &format!(
            "{drawn} !== {first:?} && document.querySelectorAll('pre.mermaid svg .node').length === 6"
        ),
        "diagram redrawn in the other scheme",
    );
    eval(
        &tab,
        "document.querySelector('pre.mermaid').scrollIntoView()",
    );
    screenshot(&tab, "components.png");
    assert_eq!(problems.take(), Vec::<String>::new());
}

/// `docgen serve --watch` on a temp copy of a fixture; killed when dropped.
struct ServeProcess {
    child: std::process::Child,
    url: String,
    site: tempfile::TempDir,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_serve(extra_files: &[(&str, &str)]) -> ServeProcess {
    use std::io::BufRead;
    let site = tempfile::tempdir().expect("temp dir");
    for entry in walkdir::WalkDir::new(common::fixture("basic")) {
        let entry = entry.expect("walk");
        let dest = site.path().join(
            entry
                .path()
                .strip_prefix(common::fixture("basic"))
                .expect("prefix"),
        );
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
    for (rel, text) in extra_files {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write extra file");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(["serve", "--watch", "--port", "0", "--root"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start docgen serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("serve printed its address")
            .expect("read");
        if let Some(url) = line.strip_prefix("Serving the site at ") {
            break url.trim().to_string();
        }
    };
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    ServeProcess { child, url, site }
}

#[test]
fn serve_watch_reloads_on_save_and_shows_errors_until_fixed() {
    let config = std::fs::read_to_string(common::fixture("basic/docgen.toml")).expect("config");
    let config = format!("{config}custom_css = [\"css/extra.css\"]\n");
    let server = start_serve(&[
        ("static/css/extra.css", "body { outline: 0 solid red; }\n"),
        ("docgen.toml", &config),
    ]);
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &format!("{}Panduan/Memulai/", server.url));
    let page = server.site.path().join("content/01-Panduan/1-Memulai.md");
    let original = std::fs::read_to_string(&page).expect("read page");
    let has = |text: &str| format!("document.body.innerText.includes({text:?})");

    std::fs::write(&page, format!("{original}\nKalimat baru dari pengujian.\n")).expect("edit");
    wait_until(
        &tab,
        &has("Kalimat baru dari pengujian."),
        "edited text shown without navigating",
    );

    std::fs::write(&page, original.replace("title: Memulai", "title: [rusak")).expect("break");
    wait_until(
        &tab,
        "!!document.getElementById('docgen-error-overlay')",
        "error overlay",
    );
    let overlay = eval_str(
        &tab,
        "document.getElementById('docgen-error-overlay').innerText",
    );
    assert!(
        overlay.contains("content/01-Panduan/1-Memulai.md:2:"),
        "{overlay}"
    );
    assert!(overlay.contains("invalid front matter"), "{overlay}");

    std::fs::write(
        &page,
        original.replace("Selesai.", "Selesai dan diperbaiki."),
    )
    .expect("fix");
    wait_until(
        &tab,
        "!document.getElementById('docgen-error-overlay')",
        "overlay removed",
    );
    wait_until(&tab, &has("Selesai dan diperbaiki."), "fixed page shown");
    assert!(!eval_str(&tab, "document.body.innerText").contains("Kalimat baru dari pengujian."));

    // A stylesheet change is swapped in place: the page is not reloaded.
    eval(&tab, "window.__docgenMarker = 42");
    let css = server.site.path().join("static/css/extra.css");
    std::fs::write(&css, "body { outline: 3px solid rgb(255, 0, 0); }\n").expect("edit css");
    wait_until(
        &tab,
        "getComputedStyle(document.body).outlineWidth === '3px'",
        "new stylesheet applied",
    );
    assert_eq!(
        eval(&tab, "window.__docgenMarker"),
        Value::from(42),
        "no reload for a CSS-only change"
    );
}

/// The search dialog's results: (href, title, heading, excerpt HTML, selected).
fn search_results(tab: &Tab) -> Vec<(String, String, String, String, bool)> {
    eval_json(
        tab,
        "Array.from(document.querySelectorAll('.search-result')).map(li => [li.querySelector('a').href, li.querySelector('.search-result-title').textContent, (li.querySelector('.search-result-heading') || {}).textContent || '', li.querySelector('.search-result-excerpt').innerHTML, li.getAttribute('aria-selected') === 'true'])",
    )
}

/// Opens the search dialog with `/`, waits for the box to have the focus, and types `query`.
fn search_from_keyboard(tab: &Tab, query: &str) {
    tab.press_key("/").expect("press /");
    wait_until(
        tab,
        "document.querySelector('.search-dialog').open && document.activeElement === document.querySelector('.search-input')",
        "the dialog open with the box focused",
    );
    tab.type_str(query).expect("type");
}

#[test]
fn search_finds_an_inflected_indonesian_word_and_enter_lands_on_its_heading() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    open(&tab, &url("dasar-devops/pengenalan/"));
    // "merencanakan" (to plan) shares its stem with "Perencanaan" (planning), a heading.
    search_from_keyboard(&tab, "merencanakan");
    wait_until(
        &tab,
        "document.querySelectorAll('.search-result').length > 0",
        "results",
    );
    let results = search_results(&tab);
    let expected = url("operasi/monitoring/#perencanaan-kapasitas");
    let index = results
        .iter()
        .position(|r| r.0 == expected)
        .unwrap_or_else(|| panic!("{expected} among {results:#?}"));
    let (_, title, heading, excerpt, _) = &results[index];
    assert_eq!(title, "Monitoring dengan Prometheus dan Grafana");
    assert_eq!(heading, "Perencanaan Kapasitas");
    assert!(excerpt.contains("<mark>"), "{excerpt}");
    assert!(results[0].4, "the first result starts selected");
    for _ in 0..index {
        tab.press_key("ArrowDown").expect("arrow down");
    }
    assert!(
        search_results(&tab)[index].4,
        "the arrows moved the selection"
    );
    screenshot(&tab, "search-results.png");
    tab.press_key("Enter").expect("enter");
    wait_until(
        &tab,
        &format!("location.href === {expected:?} && document.readyState === 'complete'"),
        "the result's heading",
    );
    let top = eval_f64(
        &tab,
        "document.getElementById('perencanaan-kapasitas').getBoundingClientRect().top",
    );
    assert!(
        (0.0..200.0).contains(&top),
        "the heading is at the top: {top}"
    );
    assert_eq!(problems.take(), Vec::<String>::new());
}

#[test]
fn search_finds_pages_of_every_bundle_of_a_sharded_index() {
    // The demo site indexed two pages a bundle: most pages are in bundles the browser merges.
    let built = common::build_with_env(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        &[("DOCGEN_SEARCH_SHARD_PAGES", "2")],
    );
    let shards: Value = serde_json::from_slice(
        &std::fs::read(built.out.join("pagefind/docgen-shards.json")).expect("bundle list"),
    )
    .expect("JSON");
    assert!(
        shards["id"].as_array().is_some_and(|b| b.len() > 2),
        "{shards}"
    );
    let server = StaticServer::start(&built.out, SUB_PATH);
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    open(&tab, &format!("{}dasar-devops/pengenalan/", server.base));
    search_from_keyboard(&tab, "merencanakan");
    let expected = format!("{}operasi/monitoring/#perencanaan-kapasitas", server.base);
    wait_until(
        &tab,
        &format!(
            "Array.from(document.querySelectorAll('.search-result a')).some(a => a.href === {expected:?})"
        ),
        "the monitoring page among the results",
    );
    let results = search_results(&tab);
    let found = results.iter().find(|r| r.0 == expected).expect("result");
    assert_eq!(found.2, "Perencanaan Kapasitas");
    assert!(found.3.contains("<mark>"), "{}", found.3);
    // It came from a merged bundle: the first one does not hold the page.
    let first_bundle: Vec<String> = std::fs::read_dir(built.out.join("pagefind/fragment"))
        .expect("fragments")
        .map(|entry| {
            let mut text = String::new();
            let file = std::fs::File::open(entry.expect("entry").path()).expect("fragment");
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text)
                .expect("gunzip fragment");
            text
        })
        .collect();
    assert!(first_bundle.len() <= 2, "{first_bundle:?}");
    assert!(
        first_bundle
            .iter()
            .all(|f| !f.contains("/operasi/monitoring/")),
        "{first_bundle:?}"
    );
    assert_eq!(problems.take(), Vec::<String>::new());
}

#[test]
fn search_opens_with_ctrl_k_says_when_nothing_matches_and_escape_gives_focus_back() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    open(&tab, &url("operasi/sre/"));
    tab.press_key_with_modifiers(
        "k",
        Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl]),
    )
    .expect("ctrl+k");
    wait_until(
        &tab,
        "document.querySelector('.search-dialog').open && document.activeElement === document.querySelector('.search-input')",
        "the dialog open with the box focused",
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.getElementById(document.querySelector('.search-dialog').getAttribute('aria-labelledby')).textContent"
        ),
        "Cari",
        "the dialog is labelled in the site's language"
    );
    tab.type_str("zqxjvw").expect("type");
    wait_until(
        &tab,
        "!document.querySelector('.search-status').hidden",
        "a status message",
    );
    assert_eq!(
        eval_str(&tab, "document.querySelector('.search-status').textContent"),
        "Tidak ada hasil untuk “zqxjvw”."
    );
    assert_eq!(
        eval_f64(&tab, "document.querySelectorAll('.search-result').length"),
        0.0
    );
    // Tab stays inside the modal dialog.
    for _ in 0..4 {
        tab.press_key("Tab").expect("tab key");
        assert_eq!(
            eval(
                &tab,
                "document.querySelector('.search-dialog').contains(document.activeElement)"
            ),
            Value::Bool(true),
            "focus left the dialog"
        );
    }
    tab.press_key("Escape").expect("escape");
    wait_until(
        &tab,
        "!document.querySelector('.search-dialog').open && document.activeElement === document.querySelector('.search-button')",
        "the dialog closed, focus back on the search button",
    );
    assert_eq!(problems.take(), Vec::<String>::new());
}

#[test]
fn opened_from_disk_the_search_box_says_why_it_cannot_search() {
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let out = tempfile::tempdir().expect("temp dir");
    let options = docgen::BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.path().join("public")),
        ..Default::default()
    };
    docgen::build(&options).expect("demo site builds");
    let page = format!(
        "file://{}",
        out.path().join("public/operasi/sre/index.html").display()
    );
    tab.navigate_to(&page).expect("navigate");
    wait_until(&tab, "document.readyState === 'complete'", "page loaded");
    click_at(&tab, ".search-button");
    wait_until(
        &tab,
        "document.querySelector('.search-dialog').open && !document.querySelector('.search-status').hidden",
        "the dialog with a message",
    );
    let message = eval_str(&tab, "document.querySelector('.search-status').textContent");
    assert!(message.contains("http://"), "{message}");
    // The rest of the page keeps working: the theme toggle still switches.
    let before = eval_str(&tab, "document.documentElement.getAttribute('data-theme')");
    tab.press_key("Escape").expect("escape");
    click_at(&tab, ".theme-toggle");
    assert_ne!(
        eval_str(&tab, "document.documentElement.getAttribute('data-theme')"),
        before
    );
}

#[test]
fn navbar_dropdowns_open_on_click_close_on_escape_and_phones_get_them_in_the_drawer() {
    // The browser's turn first: building the fixture beside another test's clicks makes
    // that test's timing flaky on two cores.
    let (_turn, browser) = browser();
    let site = served_fixture("docusaurus-full", "/lengkap/");
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    open(
        &tab,
        &format!("{}docs/pengantar/index.html", site.server.base),
    );
    let menu_shown = "getComputedStyle(document.querySelector('.navbar-left .dropdown-menu')).display !== 'none'";
    assert_eq!(
        eval(&tab, menu_shown),
        Value::Bool(false),
        "closed at first"
    );
    click_at(&tab, ".navbar-left .dropdown-toggle");
    wait_until(&tab, menu_shown, "dropdown open");
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.navbar-left .dropdown-toggle').getAttribute('aria-expanded')"
        ),
        "true"
    );
    screenshot(&tab, "navbar-dropdown.png");
    tab.press_key("Escape").expect("escape");
    wait_until(
        &tab,
        &format!("!({menu_shown})"),
        "dropdown closed by Escape",
    );
    // The link in the menu leads to its page.
    click_at(&tab, ".navbar-left .dropdown-toggle");
    wait_until(&tab, menu_shown, "dropdown open again");
    click_at(&tab, ".navbar-left .dropdown-menu a[href*='tentang']");
    wait_until(
        &tab,
        "location.pathname.endsWith('/lengkap/tentang/index.html')",
        "the page of the link",
    );

    viewport(&tab, 375, 800, true);
    open(&tab, &format!("{}blog/index.html", site.server.base));
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.navbar-left')).display === 'none'"
        ),
        Value::Bool(true),
        "no navbar items in a phone's header"
    );
    tab.find_element(".menu-toggle")
        .expect("menu")
        .click()
        .expect("open drawer");
    wait_until(
        &tab,
        "getComputedStyle(document.getElementById('sidebar')).visibility === 'visible'",
        "drawer open",
    );
    let drawer: Vec<String> = eval_json(
        &tab,
        "Array.from(document.querySelectorAll('.drawer-navbar .navbar-link')).filter(a => a.getBoundingClientRect().width > 0).map(a => a.textContent.trim())",
    );
    for label in ["Dokumentasi", "API", "Blog", "Tentang kami", "GitHub"] {
        assert!(
            drawer.iter().any(|d| d.starts_with(label)),
            "{label} in {drawer:?}"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    screenshot(&tab, "blog-drawer.png");
    let overflow = eval_f64(
        &tab,
        "document.documentElement.scrollWidth - window.innerWidth",
    );
    assert!(
        overflow <= 0.0,
        "the blog scrolls sideways by {overflow}px at 375px"
    );
    let seen = problems.unexpected_in_fixtures();
    assert!(seen.is_empty(), "{seen:?}");
}

#[test]
fn the_version_dropdown_leads_to_the_same_page_in_the_chosen_version() {
    // The browser's turn first: building the fixture beside another test's clicks makes
    // that test's timing flaky on two cores.
    let (_turn, browser) = browser();
    let site = served_fixture("docusaurus-versions", "/");
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    open(
        &tab,
        &format!("{}docs/1.0/pengantar/index.html", site.server.base),
    );
    screenshot(&tab, "old-version.png");
    click_at(&tab, ".versions-dropdown .dropdown-toggle");
    wait_until(
        &tab,
        "getComputedStyle(document.querySelector('.versions-dropdown .dropdown-menu')).display !== 'none'",
        "versions open",
    );
    click_at(&tab, ".versions-dropdown .dropdown-menu li:nth-child(1) a");
    wait_until(
        &tab,
        "location.pathname === '/docs/next/pengantar/index.html'",
        "the same page in Next",
    );
    assert!(
        eval_str(
            &tab,
            "document.querySelector('.version-banner').textContent"
        )
        .contains("belum dirilis")
    );
    click_at(&tab, ".version-banner a");
    wait_until(
        &tab,
        "location.pathname === '/docs/pengantar/index.html'",
        "the latest version's page",
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.versions-dropdown .dropdown-toggle').textContent"
        ),
        "2.0"
    );
    let seen = problems.unexpected_in_fixtures();
    assert!(seen.is_empty(), "{seen:?}");
}

#[test]
fn the_locale_dropdown_leads_to_the_same_page_in_the_chosen_language() {
    let (_turn, browser) = browser();
    let site = served_fixture("docusaurus-i18n", "/situs/");
    let tab = browser.new_tab().expect("tab");
    open(
        &tab,
        &format!("{}docs/panduan/memasang/index.html", site.server.base),
    );
    click_at(&tab, ".navbar-right .locales-dropdown .dropdown-toggle");
    wait_until(
        &tab,
        "getComputedStyle(document.querySelector('.navbar-right .locales-dropdown .dropdown-menu')).display !== 'none'",
        "locales open",
    );
    click_at(&tab, ".navbar-right .locales-dropdown a[hreflang='en-US']");
    wait_until(
        &tab,
        "location.pathname === '/situs/en/docs/panduan/memasang/index.html' && document.readyState === 'complete'",
        "the same page in English",
    );
    assert_eq!(eval_str(&tab, "document.documentElement.lang"), "en-US");
    assert_eq!(
        eval_str(&tab, "document.querySelector('.brand-title').textContent"),
        "Bilingual"
    );
    screenshot(&tab, "locale-english.png");
    click_at(&tab, ".navbar-right .locales-dropdown .dropdown-toggle");
    click_at(&tab, ".navbar-right .locales-dropdown a[hreflang='id']");
    wait_until(
        &tab,
        "location.pathname === '/situs/docs/panduan/memasang/index.html'",
        "back in Indonesian",
    );
}

/// A site over the size past which a page's sidebar leaves out the items of the collapsed
/// categories it is not in: A and B of 150 pages each, C of 100 with a collapsed D of 60 in it.
fn large_site() -> &'static (tempfile::TempDir, StaticServer) {
    static SITE: OnceLock<(tempfile::TempDir, StaticServer)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "docgen.toml",
            "title = \"Situs Besar\"\nlanguage = \"id\"\n",
        );
        let categories = [
            ("a", "A", 150),
            ("b", "B", 150),
            ("c", "C", 100),
            ("c/d", "D", 60),
        ];
        for (position, (folder, label, pages)) in categories.into_iter().enumerate() {
            let category = format!(
                "{{\"label\": \"Bagian {label}\", \"collapsed\": true, \"position\": {position}}}"
            );
            write(&format!("content/{folder}/_category_.json"), &category);
            for n in 0..pages {
                let page = format!("---\ntitle: {label} {n}\nsidebar_position: {n}\n---\n\nIsi.\n");
                write(&format!("content/{folder}/p{n:03}.md"), &page);
            }
        }
        let options = docgen::BuildOptions {
            root: dir.path().to_path_buf(),
            output: Some(dir.path().join("public")),
            ..Default::default()
        };
        docgen::build(&options).expect("large site builds");
        let server = StaticServer::start(&dir.path().join("public"), "/besar/");
        (dir, server)
    })
}

/// Opening a collapsed category the page left out loads its items, nested ones too, and they
/// lead to their pages; served from a host and opened from disk alike.
#[test]
fn a_large_sites_folded_categories_load_their_items_when_opened() {
    let (dir, server) = large_site();
    let (_turn, browser) = browser();
    let tab = browser.new_tab().expect("tab");
    let problems = Problems::watch(&tab);
    let from_disk = format!("file://{}/", dir.path().join("public").display());
    for base in [server.base.clone(), from_disk] {
        open(&tab, &format!("{base}a/p000/index.html"));
        let links = |category: &str| {
            format!(
                "[...document.querySelectorAll('.sidebar details')].find(d => d.querySelector('summary').textContent === '{category}').querySelectorAll('a').length"
            )
        };
        assert_eq!(
            eval_f64(&tab, &links("Bagian A")),
            150.0,
            "the page's own category is open"
        );
        assert_eq!(
            eval_f64(&tab, &links("Bagian B")),
            0.0,
            "B left out of the page"
        );
        let open_category = |category: &str| {
            eval(
                &tab,
                &format!(
                    "[...document.querySelectorAll('.sidebar summary')].find(s => s.textContent === '{category}').click()"
                ),
            );
        };
        open_category("Bagian B");
        wait_until(&tab, &format!("{} === 150", links("Bagian B")), "B's items");
        open_category("Bagian C");
        wait_until(
            &tab,
            &format!("{} === 100", links("Bagian C")),
            "C's own items",
        );
        assert_eq!(
            eval_f64(&tab, &links("Bagian D")),
            0.0,
            "D is folded inside C"
        );
        open_category("Bagian D");
        wait_until(&tab, &format!("{} === 60", links("Bagian D")), "D's items");
        eval(
            &tab,
            "[...document.querySelectorAll('.sidebar a')].find(a => a.textContent === 'D 7').click()",
        );
        wait_until(
            &tab,
            "location.href.endsWith('c/d/p007/index.html') && !!document.querySelector('footer')",
            "the page of D 7",
        );
        assert_eq!(
            eval_str(
                &tab,
                "document.querySelector('.sidebar [aria-current=page]').textContent"
            ),
            "D 7"
        );
    }
    assert_eq!(problems.unexpected_in_fixtures(), Vec::<String>::new());
}
