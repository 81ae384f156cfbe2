//! What each endpoint computes, as the command of the same name would:
//! the same library calls, defaults and checks, so that a request and the
//! command line with the same settings give the same JSON.

use super::request::{
    self, CompareRequest, GoalSeekRequest, RunRequest, SensitivityRequest, Simulated,
};
use super::{ApiError, Limits, catalog::Catalog, catalog::Entry};
use crate::charts::Lang;
use crate::engine::{self, RunConfig};
use crate::model::Model;
use crate::output::{Format, Json};
use crate::results::Results;
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use std::sync::atomic::AtomicU64;

/// A finished answer: its media type and bytes.
pub struct Answer {
    /// `application/json`, `text/csv` or `text/html`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    fn json(body: Vec<u8>) -> Self {
        Answer {
            content_type: "application/json",
            body,
        }
    }
}

/// A scenario read and changed as a request asks, ready to simulate.
struct Prepared {
    entry: Entry,
    sources: Sources,
    model: Model,
    config: RunConfig,
    set: Vec<Override>,
}

/// The served scenario `id`, or a 404 naming the ids there are.
pub(super) fn entry<'a>(catalog: &'a Catalog, id: &str) -> Result<&'a Entry, ApiError> {
    catalog.get(id).ok_or_else(|| {
        ApiError::not_found(format!(
            "scenario: no scenario \"{id}\"{}",
            crate::scenario::overrides::suggestion(id, &catalog.ids())
        ))
    })
}

/// A path count within the server's `--max-paths`.
fn check_paths(paths: u64, limits: &Limits) -> Result<(), ApiError> {
    if paths > limits.max_paths {
        return Err(ApiError::bad(format!(
            "paths: {paths} is more than this server's --max-paths {}",
            limits.max_paths
        )));
    }
    Ok(())
}

fn prepare(
    catalog: &Catalog,
    limits: &Limits,
    req: &dyn Simulated,
    default_paths: Option<u64>,
) -> Result<Prepared, ApiError> {
    let entry = entry(catalog, req.scenario())?.clone();
    let set = request::overrides(req.set(), limits.max_overrides)?;
    let sim = request::sim_args(&entry.path, req.paths(), req.seed(), set.clone());
    let mut sources = Sources::read(&entry.path)?;
    sources.apply_overrides(&set)?;
    let model = sources.model()?;
    let mut config = sim.config(model.defaults)?;
    if req.paths().is_none()
        && let Some(paths) = default_paths
    {
        config.paths = paths;
    }
    check_paths(config.paths, limits)?;
    Ok(Prepared {
        entry,
        sources,
        model,
        config,
        set,
    })
}

/// Simulate and summarise as `targetsim run` does.
fn results(p: &Prepared) -> Result<Results, ApiError> {
    let simulation = engine::simulate(&p.model, &p.config)?;
    let mut results = Results::new(&p.model, &p.config, &simulation, &p.entry.file);
    results.overrides = p.set.iter().map(|o| o.text.clone()).collect();
    results.scenario_hash = Some(p.sources.hash());
    Ok(results)
}

/// `POST /api/run`: `targetsim run FILE --format json` (or csv).
pub fn run(catalog: &Catalog, limits: &Limits, req: &RunRequest) -> Result<Answer, ApiError> {
    let format = match req.format.as_deref() {
        None | Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some(other) => {
            return Err(ApiError::bad(format!(
                "format: \"{other}\" is not json or csv"
            )));
        }
    };
    let prepared = prepare(catalog, limits, req, None)?;
    let body = format.export(&results(&prepared)?, Lang::En)?;
    Ok(match format {
        Format::Csv => Answer {
            content_type: "text/csv; charset=utf-8",
            body,
        },
        _ => Answer::json(body),
    })
}

/// `POST /api/report`: `targetsim report FILE --out r.html`.
pub fn report(catalog: &Catalog, limits: &Limits, req: &RunRequest) -> Result<Answer, ApiError> {
    let lang = match req.lang.as_deref() {
        None | Some("en") => Lang::En,
        Some("zh") => Lang::Zh,
        Some(other) => return Err(ApiError::bad(format!("lang: \"{other}\" is not en or zh"))),
    };
    let prepared = prepare(catalog, limits, req, None)?;
    let results = results(&prepared)?;
    let (style, _) = crate::charts::resolve(&crate::charts::ChartOptions {
        lang: Some(lang),
        font: None,
    })?;
    let html = crate::report::html_report(
        &prepared.model,
        &results,
        style,
        &prepared.sources.hash(),
        "report.html",
    )?;
    Ok(Answer {
        content_type: "text/html; charset=utf-8",
        body: html.into_bytes(),
    })
}

/// `POST /api/goal-seek`: `targetsim goal-seek`.
pub fn goal_seek(
    catalog: &Catalog,
    limits: &Limits,
    req: &GoalSeekRequest,
) -> Result<Answer, ApiError> {
    if !(req.probability > 0.0 && req.probability < 1.0) {
        return Err(ApiError::bad(format!(
            "probability: must be between 0 and 1, got {}",
            req.probability
        )));
    }
    if let Some([a, b]) = req.range
        && a.partial_cmp(&b) != Some(std::cmp::Ordering::Less)
    {
        return Err(ApiError::bad(format!(
            "range: expected [FROM, TO] with FROM < TO, got [{a}, {b}]"
        )));
    }
    if let Some(t) = req.tolerance
        && !(t.is_finite() && t > 0.0)
    {
        return Err(ApiError::bad(format!(
            "tolerance: must be a positive half-width, got {t}"
        )));
    }
    let p = prepare(catalog, limits, req, None)?;
    let sources = Sources::read(&p.entry.path)?;
    let answer = crate::whatif::goal_seek::goal_seek(
        &sources,
        &p.set,
        &req.target,
        req.probability,
        &req.param,
        req.range.map(|[a, b]| (a, b)),
        req.tolerance,
        &p.config,
        &|_| {},
    )?;
    Ok(Answer::json(answer.json()?))
}

/// `POST /api/sensitivity`: `targetsim sensitivity`.
pub fn sensitivity(
    catalog: &Catalog,
    limits: &Limits,
    req: &SensitivityRequest,
) -> Result<Answer, ApiError> {
    let swing = crate::whatif::sensitivity::Swing {
        sd: req.swing_sd.unwrap_or(1.0),
        pct: req.swing_pct.unwrap_or(0.25),
    };
    if !(swing.sd > 0.0 && swing.pct > 0.0) {
        return Err(ApiError::bad(
            "swing_sd, swing_pct: must be positive".to_string(),
        ));
    }
    let p = prepare(catalog, limits, req, Some(crate::cli::SWEEP_PATHS))?;
    let sources = Sources::read(&p.entry.path)?;
    let analysis = crate::whatif::sensitivity::sensitivity(
        &sources,
        &p.set,
        swing,
        req.target.as_deref(),
        &p.config,
        &|_| {},
    )?;
    Ok(Answer::json(analysis.json()?))
}

/// `POST /api/compare`: `targetsim compare`, each scenario with the common
/// overrides and then its own.
pub fn compare(
    catalog: &Catalog,
    limits: &Limits,
    req: &CompareRequest,
) -> Result<Answer, ApiError> {
    if req.scenarios.len() < 2 || req.scenarios.len() > limits.max_compared {
        return Err(ApiError::bad(format!(
            "scenarios: compare takes 2 to {} scenarios, got {}",
            limits.max_compared,
            req.scenarios.len()
        )));
    }
    let common = request::overrides(&req.set, limits.max_overrides)?;
    let mut models = Vec::new();
    let mut files = Vec::new();
    for compared in &req.scenarios {
        let entry = entry(catalog, compared.id())?;
        let own = request::overrides(&compared.own_set(), limits.max_overrides)?;
        let mut sources = Sources::read(&entry.path)?;
        sources.apply_overrides(&common)?;
        sources.apply_overrides(&own)?;
        models.push(sources.model()?);
        let changes: Vec<String> = own.iter().map(|o| format!(" --set {}", o.text)).collect();
        files.push(format!("{}{}", entry.file, changes.concat()));
    }
    let sim = request::sim_args(
        &catalog_path(catalog, &req.scenarios[0])?,
        req.paths,
        req.seed,
        common,
    );
    let config = sim.config(models[0].defaults)?;
    check_paths(config.paths, limits)?;
    let comparison = crate::whatif::compare::compare(&models, &files, &config, &AtomicU64::new(0))?;
    Ok(Answer::json(comparison.json()?))
}

fn catalog_path(catalog: &Catalog, c: &request::Compared) -> Result<std::path::PathBuf, ApiError> {
    Ok(entry(catalog, c.id())?.path.clone())
}
