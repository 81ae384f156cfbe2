//! `targetsim extract`: the quantified targets of a plan's text.

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::error::ScenarioError;
use crate::error::{Error, Result};
use crate::extract::{decode, extract as find, link};
use crate::io::read::{MAX_TEXT_INPUT, read_limited};
use crate::io::write_output;
use crate::output::{Format, Json, Output};

/// Carry out `targetsim extract`.
pub fn extract(args: &ExtractArgs) -> Result<()> {
    let format = format_of(args)?;
    let bytes = read_limited(&args.plan, MAX_TEXT_INPUT).map_err(|source| ScenarioError::Read {
        path: args.plan.clone(),
        source,
    })?;
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ScenarioError::Binary {
            path: args.plan.clone(),
            offset,
        }
        .into());
    }
    let (text, encoding) = decode::decode(&bytes);
    let mut extraction = find(&text);
    extraction.file = args.plan.file_name().map_or_else(
        || args.plan.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    extraction.encoding = encoding.to_string();
    if let Some(path) = &args.scenario {
        let model = crate::scenario::load(path)?;
        extraction.links = Some(link::link(&extraction.targets, &model));
    }
    let bytes = match format {
        ExtractFormat::Toml => extraction.toml().into_bytes(),
        ExtractFormat::Json => extraction.json()?,
        ExtractFormat::Table => {
            Format::Table.export(&extraction as &dyn Output, Default::default())?
        }
    };
    write_output(args.output.as_deref(), &bytes)
}

/// `--format`, else what the output's extension names, else a table.
fn format_of(args: &ExtractArgs) -> Result<ExtractFormat> {
    let named = args
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(|e| match e.to_ascii_lowercase().as_str() {
            "toml" => Some(ExtractFormat::Toml),
            "json" => Some(ExtractFormat::Json),
            _ => None,
        });
    match (args.format, named) {
        (Some(asked), Some(named)) if asked != named => Err(Error::Usage {
            flag: "--format",
            message: format!(
                "{} names another format than --format; make them agree",
                args.output
                    .as_deref()
                    .map_or(String::new(), |p| p.display().to_string())
            ),
        }),
        (Some(asked), _) => Ok(asked),
        (None, named) => Ok(named.unwrap_or(ExtractFormat::Table)),
    }
}
