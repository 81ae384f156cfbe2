//! The bodies the API accepts. Each names a served scenario by id, and
//! takes the command line's settings under the same names: `paths`,
//! `seed`, and `set` (the `--set` overrides as an object of key to value).

use super::ApiError;
use crate::cli::SimArgs;
use crate::scenario::overrides::Override;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `--set` overrides as the API takes them: `{"KEY": VALUE}`, applied in
/// key order (the keys differ, so the order does not change the model).
pub type Settings = BTreeMap<String, serde_json::Value>;

/// What every request that runs a scenario says.
pub trait Simulated {
    /// The scenario's id.
    fn scenario(&self) -> &str;
    /// `--paths`.
    fn paths(&self) -> Option<u64>;
    /// `--seed`.
    fn seed(&self) -> Option<u64>;
    /// `--set`, as an object.
    fn set(&self) -> &Settings;
}

macro_rules! simulated {
    ($t:ty) => {
        impl Simulated for $t {
            fn scenario(&self) -> &str {
                &self.scenario
            }
            fn paths(&self) -> Option<u64> {
                self.paths
            }
            fn seed(&self) -> Option<u64> {
                self.seed
            }
            fn set(&self) -> &Settings {
                &self.set
            }
        }
    };
}

/// `POST /api/run` and `POST /api/report`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// Scenario id.
    pub scenario: String,
    /// Paths [default: the scenario's, else 100000].
    pub paths: Option<u64>,
    /// Seed [default: the scenario's, else 0].
    pub seed: Option<u64>,
    /// Overrides.
    #[serde(default)]
    pub set: Settings,
    /// `json` (default) or `csv` for `/api/run`; ignored by the report.
    pub format: Option<String>,
    /// `en` (default) or `zh`: the report's language.
    pub lang: Option<String>,
}
simulated!(RunRequest);

/// `POST /api/goal-seek`: `targetsim goal-seek`'s flags.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSeekRequest {
    /// Scenario id.
    pub scenario: String,
    /// The most paths a simulation of the search may use.
    pub paths: Option<u64>,
    /// Seed.
    pub seed: Option<u64>,
    /// Overrides.
    #[serde(default)]
    pub set: Settings,
    /// `--target`.
    pub target: String,
    /// `--probability`.
    pub probability: f64,
    /// `--param`.
    pub param: String,
    /// `--range` as `[FROM, TO]`.
    pub range: Option<[f64; 2]>,
    /// `--tolerance`.
    pub tolerance: Option<f64>,
}
simulated!(GoalSeekRequest);

/// `POST /api/sensitivity`: `targetsim sensitivity`'s flags.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRequest {
    /// Scenario id.
    pub scenario: String,
    /// Paths per swing [default: 10000].
    pub paths: Option<u64>,
    /// Seed.
    pub seed: Option<u64>,
    /// Overrides.
    #[serde(default)]
    pub set: Settings,
    /// `--target`.
    pub target: Option<String>,
    /// `--swing-sd`.
    pub swing_sd: Option<f64>,
    /// `--swing-pct`.
    pub swing_pct: Option<f64>,
}
simulated!(SensitivityRequest);

/// `POST /api/compare`: scenarios on the same paths, the first the
/// reference. Each is an id, or an id with overrides of its own, so the
/// page can compare a scenario with itself changed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    /// Two or more scenarios.
    pub scenarios: Vec<Compared>,
    /// Paths per scenario.
    pub paths: Option<u64>,
    /// Seed.
    pub seed: Option<u64>,
    /// Overrides of every compared scenario (`compare --set`).
    #[serde(default)]
    pub set: Settings,
}

/// One compared scenario.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Compared {
    /// A served scenario as written.
    Id(String),
    /// A served scenario with overrides of its own (after the common ones).
    Changed {
        /// Scenario id.
        scenario: String,
        /// Its own overrides.
        #[serde(default)]
        set: Settings,
    },
}

impl Compared {
    /// The scenario's id.
    pub fn id(&self) -> &str {
        match self {
            Compared::Id(id) => id,
            Compared::Changed { scenario, .. } => scenario,
        }
    }

    /// Its own overrides.
    pub fn own_set(&self) -> Settings {
        match self {
            Compared::Id(_) => Settings::new(),
            Compared::Changed { set, .. } => set.clone(),
        }
    }
}

/// `{"KEY": VALUE}` as the `--set KEY=VALUE` flags the command line would
/// be given (a string value is written bare, as on the command line).
pub fn overrides(set: &Settings, max: usize) -> Result<Vec<Override>, ApiError> {
    if set.len() > max {
        return Err(ApiError::bad(format!(
            "set: {} overrides; this server takes at most {max}",
            set.len()
        )));
    }
    set.iter()
        .map(|(key, value)| {
            let text = match value {
                serde_json::Value::String(s) => format!("{key}={s}"),
                serde_json::Value::Number(n) => format!("{key}={n}"),
                serde_json::Value::Bool(b) => format!("{key}={b}"),
                other => {
                    return Err(ApiError::bad(format!(
                        "set: {key}: expected a number or a string, got {other}"
                    )));
                }
            };
            text.parse::<Override>()
                .map_err(|m| ApiError::bad(format!("set: {m}")))
        })
        .collect()
}

/// The command line's settings for a request: the same defaults, checks
/// and messages as `--paths`, `--seed` and `--set`.
pub fn sim_args(
    path: &std::path::Path,
    paths: Option<u64>,
    seed: Option<u64>,
    set: Vec<Override>,
) -> SimArgs {
    SimArgs {
        scenario: path.to_path_buf(),
        paths,
        seed,
        threads: None,
        set,
        sampling: Default::default(),
        as_of: None,
    }
}
