//! `targetsim goal-seek`.

use crate::cli::*;
use crate::error::{Error, Result};

/// Carry out `targetsim goal-seek`.
pub fn goal_seek(args: &GoalSeekArgs) -> Result<()> {
    if !(args.probability > 0.0 && args.probability < 1.0) {
        return Err(Error::Usage {
            flag: "--probability",
            message: format!("must be between 0 and 1, got {}", args.probability),
        });
    }
    let range = match &args.range {
        None => None,
        Some(r) => {
            let parsed = r.split_once(':').and_then(|(a, b)| {
                Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
            });
            match parsed {
                Some((a, b)) if a < b => Some((a, b)),
                _ => {
                    return Err(Error::Usage {
                        flag: "--range",
                        message: format!("expected FROM:TO with FROM < TO, got \"{r}\""),
                    });
                }
            }
        }
    };
    if let Some(t) = args.tolerance
        && !(t.is_finite() && t > 0.0)
    {
        return Err(Error::Usage {
            flag: "--tolerance",
            message: format!("must be a positive width of the bracket, got {t}"),
        });
    }
    let sources = super::read_sources(&args.sim)?;
    let config = args.sim.config(sources.model()?.defaults)?;
    let answer = super::progress::with_status(|status| {
        crate::whatif::goal_seek::goal_seek(
            &sources,
            &args.sim.set,
            &args.target,
            args.probability,
            &args.param,
            range,
            args.tolerance,
            &config,
            status,
        )
    })?;
    args.out.write(&answer)
}
