//! Historical dates at the precision the essay gives them: a decade, a year, a month or a day.

use std::fmt;
use std::str::FromStr;

/// A date as precise as its source: `1850s`, `1945`, `1945-02` or `1945-08-08`.
///
/// Dates order by their first day, less precise first on ties, so a timeline lists
/// "1945" before "1945-02" before "1945-08-08".
///
/// ```
/// use kg::HistDate;
/// let d: HistDate = "1945-08-08".parse().unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (1945, Some(8), Some(8)));
/// assert!("1945-02-30".parse::<HistDate>().is_err());
/// assert!("1850s".parse::<HistDate>().unwrap() < "1858".parse().unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct HistDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    decade: bool,
}

/// How precise a [`HistDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Precision {
    /// `1850s`
    Decade,
    /// `1945`
    Year,
    /// `1945-02`
    Month,
    /// `1945-08-08`
    Day,
}

impl HistDate {
    /// The year (the first year, for a decade).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12, when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match (self.decade, self.month, self.day) {
            (true, _, _) => Precision::Decade,
            (false, None, _) => Precision::Year,
            (false, Some(_), None) => Precision::Month,
            (false, Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The last year this date covers (the decade's last year, or the year itself).
    pub fn last_year(&self) -> i32 {
        if self.decade {
            self.year + 9
        } else {
            self.year
        }
    }

    /// The first day this date covers, as a day-precise date (`1945-02` starts on `1945-02-01`,
    /// `1850s` on `1850-01-01`): the lower bound of its interval, for timelines and typed exports.
    ///
    /// ```
    /// use kg::HistDate;
    /// let d: HistDate = "1850s".parse().unwrap();
    /// assert_eq!(d.first_day().to_string(), "1850-01-01");
    /// ```
    pub fn first_day(&self) -> HistDate {
        HistDate {
            year: self.year,
            month: Some(self.month.unwrap_or(1)),
            day: Some(self.day.unwrap_or(1)),
            decade: false,
        }
    }

    /// The last day this date covers, as a day-precise date (`1945-02` ends on `1945-02-28`,
    /// `1850s` on `1859-12-31`): the upper bound of its interval.
    ///
    /// ```
    /// use kg::HistDate;
    /// let d: HistDate = "1944-02".parse().unwrap();
    /// assert_eq!(d.last_day().to_string(), "1944-02-29");
    /// ```
    pub fn last_day(&self) -> HistDate {
        let year = self.last_year();
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(year, month));
        HistDate { year, month: Some(month), day: Some(day), decade: false }
    }

    /// The date as one word beside its year (for the built-in essay's compact form): the month
    /// in bits 0–7 and the day in bits 8–15 (0 when not given), bit 16 set for a decade.
    pub(crate) fn packed(&self) -> (i32, u32) {
        let (month, day) = (u32::from(self.month.unwrap_or(0)), u32::from(self.day.unwrap_or(0)));
        (self.year, month | day << 8 | u32::from(self.decade) << 16)
    }

    /// The date [`HistDate::packed`] gave, or `None` when the word is not a valid date's.
    pub(crate) fn unpacked(year: i32, word: u32) -> Option<HistDate> {
        let (month, day, decade) = ((word & 0xff) as u8, (word >> 8 & 0xff) as u8, word >> 16 == 1);
        let date = HistDate { year, month: (month != 0).then_some(month), day: (day != 0).then_some(day), decade };
        let valid = match (decade, date.month, date.day) {
            (true, None, None) => year % 10 == 0,
            (false, None, None) => word == 0,
            (false, Some(m), None) => (1..=12).contains(&m) && word >> 16 == 0,
            (false, Some(m), Some(d)) => (1..=12).contains(&m) && d <= days_in_month(year, m) && word >> 16 == 0,
            _ => false,
        };
        valid.then_some(date)
    }

    fn sort_key(&self) -> (i32, u8, u8, Precision) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0), self.precision())
    }
}

impl Ord for HistDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for HistDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The English month names, January first: how the essay writes a month.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for HistDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.decade, self.month, self.day) {
            (true, _, _) => write!(f, "{:04}s", self.year),
            (false, None, _) => write!(f, "{:04}", self.year),
            (false, Some(m), None) => write!(f, "{:04}-{m:02}", self.year),
            (false, Some(m), Some(d)) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl FromStr for HistDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid date `{s}`: expected YYYY, YYYY-MM, YYYY-MM-DD or a decade YYYYs");
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if let Some(decade) = s.strip_suffix('s') {
            if !digits(decade, 4) || !decade.ends_with('0') {
                return Err(bad());
            }
            let year = decade.parse().map_err(|_| bad())?;
            return Ok(HistDate { year, month: None, day: None, decade: true });
        }
        // Up to three parts, without collecting them (a million dates are read at load).
        let mut split = s.split('-');
        let parts = [split.next(), split.next(), split.next()];
        let [Some(year), month, day] = parts else { return Err(bad()) };
        if split.next().is_some() || !digits(year, 4) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let mut date = HistDate { year, month: None, day: None, decade: false };
        if let Some(m) = month {
            let month: u8 = if digits(m, 2) { m.parse().map_err(|_| bad())? } else { return Err(bad()) };
            if !(1..=12).contains(&month) {
                return Err(format!("invalid date `{s}`: month {month} is not between 1 and 12"));
            }
            date.month = Some(month);
        }
        if let Some(d) = day {
            let day: u8 = if digits(d, 2) { d.parse().map_err(|_| bad())? } else { return Err(bad()) };
            let max = days_in_month(year, date.month.unwrap_or(1));
            if day == 0 || day > max {
                return Err(format!("invalid date `{s}`: day {day} does not exist in that month"));
            }
            date.day = Some(day);
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact form's packing gives back every precision, and refuses words no date packs to.
    #[test]
    fn packed_dates_unpack_to_themselves() {
        for text in ["1850s", "1945", "1945-02", "1944-02-29", "0988", "2024-12-31"] {
            let date: HistDate = text.parse().unwrap();
            let (year, word) = date.packed();
            assert_eq!(HistDate::unpacked(year, word), Some(date), "{text}");
        }
        let month_day = |m: u32, d: u32| m | d << 8;
        for (year, word) in [
            (1945, month_day(13, 0)),
            (1945, month_day(0, 5)),
            (1945, month_day(2, 29)),
            (1945, month_day(2, 0) | 1 << 16),
            (1851, 1 << 16),
            (1850, 3 << 16),
            (1945, u32::MAX),
        ] {
            assert_eq!(HistDate::unpacked(year, word), None, "{year} {word:#x}");
        }
    }
}
