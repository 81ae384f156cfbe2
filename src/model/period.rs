//! The period an observation covers: a calendar year, or its first part
//! (`2025H1`, `2024Q3`, `2024M10`).

use std::fmt;

/// A part of a year, counted from January.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Part {
    /// First half.
    H1,
    /// First `n` quarters (1..=3).
    Quarters(u8),
    /// First `n` months (1..=11).
    Months(u8),
}

/// A year or the first part of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    /// Calendar year.
    pub year: i32,
    /// `None` for the full year.
    pub part: Option<Part>,
}

impl Period {
    /// Parse `2023`, `2025H1`, `2024Q3` or `2024M10`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        let bad = || {
            format!("\"{text}\" is not a year or part of one (e.g. 2023, 2025H1, 2024Q3, 2024M10)")
        };
        if digits != 4 {
            return Err(bad());
        }
        let year: i32 = text[..4].parse().map_err(|_| bad())?;
        let rest = &text[4..];
        let part = match rest.get(..1) {
            None => None,
            Some(letter) => {
                let n: u8 = rest[1..].parse().map_err(|_| bad())?;
                Some(match (letter, n) {
                    ("H", 1) => Part::H1,
                    ("Q", 1..=3) => Part::Quarters(n),
                    ("M", 1..=11) => Part::Months(n),
                    _ => return Err(bad()),
                })
            }
        };
        Ok(Period { year, part })
    }

    /// A full year.
    pub fn year(year: i32) -> Self {
        Period { year, part: None }
    }

    /// Share of the year covered (1 for a full year).
    pub fn fraction(&self) -> f64 {
        match self.part {
            None => 1.0,
            Some(Part::H1) => 0.5,
            Some(Part::Quarters(n)) => f64::from(n) / 4.0,
            Some(Part::Months(n)) => f64::from(n) / 12.0,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.year)?;
        match self.part {
            None => Ok(()),
            Some(Part::H1) => write!(f, "H1"),
            Some(Part::Quarters(n)) => write!(f, "Q{n}"),
            Some(Part::Months(n)) => write!(f, "M{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_round_trip() {
        for text in ["2023", "2025H1", "2024Q3", "2024M10"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        for bad in [
            "23", "2024H2", "2024Q4", "2024M12", "2024X1", "year", "2024H",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }
}
