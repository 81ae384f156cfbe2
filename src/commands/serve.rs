//! `targetsim serve`.

use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::serve::gate::Access;
use crate::serve::{Limits, Server, catalog::Catalog};
use std::path::PathBuf;

/// Carry out `targetsim serve`.
pub fn serve(args: &ServeArgs) -> Result<()> {
    let access = access(args)?;
    let limits = limits(args)?;
    let dirs = if args.scenarios.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        args.scenarios.clone()
    };
    let catalog = Catalog::discover(&dirs)?;
    let served = catalog.entries().len();
    let app = crate::serve::router(Server::new(catalog, limits, access));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Output(format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(async {
        let address = std::net::SocketAddr::new(args.host, args.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| Error::Usage {
                flag: "--port",
                message: format!("cannot listen on {address}: {e}"),
            })?;
        let bound = listener.local_addr().unwrap_or(address);
        let url = page_url(bound, args.token.as_deref());
        eprintln!("serving {served} scenarios at {url} (Ctrl-C to stop)");
        if args.open {
            open_browser(&url);
        }
        crate::serve::serve(listener, app)
            .await
            .map_err(|e| Error::Output(format!("the server stopped: {e}")))
    })
}

/// Loopback needs nothing; any other address needs a token.
fn access(args: &ServeArgs) -> Result<Access> {
    match (&args.token, args.host.is_loopback()) {
        (Some(t), _) if t.len() < 16 => Err(Error::Usage {
            flag: "--token",
            message: "must be at least 16 characters (a guessable token guards nothing)".into(),
        }),
        (Some(t), _) => Ok(Access::Token(t.clone())),
        (None, true) => Ok(Access::Loopback),
        (None, false) => Err(Error::Usage {
            flag: "--host",
            message: format!(
                "{} is not loopback: anyone who reaches it could run simulations; give --token (or TARGETSIM_TOKEN)",
                args.host
            ),
        }),
    }
}

fn limits(args: &ServeArgs) -> Result<Limits> {
    crate::cli::check_paths(args.max_paths, "--max-paths")?;
    let positive = |n: usize, flag: &'static str| {
        if (1..=1024).contains(&n) {
            Ok(n)
        } else {
            Err(Error::Usage {
                flag,
                message: format!("must be between 1 and 1024, got {n}"),
            })
        }
    };
    Ok(Limits {
        max_paths: args.max_paths,
        workers: positive(args.workers, "--workers")?,
        queue: positive(args.queue, "--queue")?,
        ..Limits::default()
    })
}

fn page_url(bound: std::net::SocketAddr, token: Option<&str>) -> String {
    let host = if bound.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        bound.ip().to_string()
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    match token {
        Some(t) => format!("http://{host}:{}/?token={t}", bound.port()),
        None => format!("http://{host}:{}/", bound.port()),
    }
}

/// Best effort: the page's address is printed either way.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser ({opener}); open {url} yourself");
    }
}
