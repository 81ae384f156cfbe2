//! `targetsim calibrate`.

use crate::cli::CalibrateArgs;
use crate::error::{Error, Result};
use crate::io::SourceFile;

/// Carry out `targetsim calibrate`.
pub fn calibrate(args: &CalibrateArgs) -> Result<()> {
    if let Some(sd) = args.sd
        && !(sd.is_finite() && sd >= 0.0)
    {
        return Err(Error::Usage {
            flag: "--sd",
            message: format!("must be a number >= 0, got {sd}"),
        });
    }
    let file = SourceFile::read(&args.history)?;
    let rows = crate::observed::history_file::parse(&file)?;
    let mut calibration = crate::observed::calibrate::calibrate(
        &rows,
        &args.indicator,
        args.fit,
        args.sd,
        (args.from, args.to),
    )
    .map_err(|message| Error::Usage {
        flag: "--indicator",
        message: format!("{}: {message}", args.history.display()),
    })?;
    calibration.command = std::iter::once("targetsim".to_string())
        .chain(std::env::args().skip(1))
        .collect::<Vec<_>>()
        .join(" ");
    args.out.write(&calibration)
}
