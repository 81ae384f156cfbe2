//! Headless Chromium under chromedriver, for the browser tests and the
//! page's latency benchmark (both include this file). Chromium and
//! chromedriver are Debian's `chromium` and `chromium-driver`; when they are
//! missing and this runs as root on Debian, they are installed (as
//! `.ci/run` does) rather than skipped.

use fantoccini::{Client, ClientBuilder};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Longest wait for anything the page does (a guard against hanging, not
/// a timing test: the page usually answers in well under a second).
pub const PATIENCE: Duration = Duration::from_secs(120);

/// Install Debian's Chromium and its driver when they are missing.
fn ensure_chromium() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
            return;
        }
        let status = Command::new("sh")
            .args([
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver",
            ])
            .stdout(Stdio::null())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "the browser tests need {CHROMIUM} and {CHROMEDRIVER} (Debian: apt-get install chromium chromium-driver)"
        );
    });
}

/// A chromedriver on a free port, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        ensure_chromium();
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("an address").port()
}

/// A headless Chromium that downloads into `downloads`.
pub async fn browser(driver: &Driver, profile: &Path, downloads: &Path) -> Client {
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,2000",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
            },
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("an object")
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// Evaluate a JavaScript expression in the page.
pub async fn js(c: &Client, expression: &str) -> serde_json::Value {
    c.execute(&format!("return ({expression});"), vec![])
        .await
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
}

/// Wait until a JavaScript expression is true.
pub async fn wait_until(c: &Client, what: &str, expression: &str) {
    let started = Instant::now();
    loop {
        if js(c, expression).await == serde_json::Value::Bool(true) {
            return;
        }
        if started.elapsed() > PATIENCE {
            let status = js(c, "document.querySelector('#status').textContent").await;
            panic!("waited too long for {what}; the page's status: {status}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
