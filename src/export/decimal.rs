//! Integers and dates written as decimal text straight onto a string, as `format!` writes them
//! but without `core::fmt`: its formatter, padding and one `write_str` call per piece cost the
//! graph exports ~0.3 M instructions on the essay (offsets, counts and dates of every node and
//! edge). `format!` stays the reference: the tests compare every power-of-ten boundary, the
//! extremes and a proptest.

use std::fmt::Write as _;

use crate::model::HistDate;

/// Writes `n` in decimal onto `out`, padded with zeros to at least `width` digits (as
/// `format!("{n:0width$}")` writes it; `width` is at most 20).
#[inline]
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    // The path tables' digit loop (compiled by build.rs too, so the loop lives there).
    let start = crate::query::path_table::decimal_digits(n, &mut digits);
    let start = start.min(digits.len().saturating_sub(width));
    // ASCII digits (the mask says so to the compiler: one byte each, no UTF-8 check).
    out.extend(digits.get(start..).unwrap_or_default().iter().map(|&d| char::from(d & 0x7F)));
}

/// Writes `n` in decimal onto `out`, as `format!("{n}")` writes it.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    push_padded(out, n, 0);
}

/// Writes `n` in decimal onto `out`, as `format!("{n}")` writes it.
pub(crate) fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_padded(out, n.unsigned_abs(), 0);
}

/// Writes `d` onto `out` as its `Display` writes it (`1850s`, `1945`, `1945-02`,
/// `1945-02-03`); a year outside 0..=9999 or a month or day of three digits (which no loaded
/// date has) goes through `Display` itself.
pub(crate) fn push_date(out: &mut String, d: HistDate) {
    let year = match u64::try_from(d.year()) {
        Ok(year) if year <= 9999 && d.month().is_none_or(|m| m < 100) && d.day().is_none_or(|m| m < 100) => year,
        _ => {
            let _ = write!(out, "{d}");
            return;
        }
    };
    push_padded(out, year, 4);
    if d.precision() == crate::model::Precision::Decade {
        out.push('s');
        return;
    }
    for part in [d.month(), d.day()].into_iter().map_while(|p| p) {
        out.push('-');
        push_padded(out, u64::from(part), 2);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(push: impl FnOnce(&mut String)) -> String {
        let mut out = String::from("x");
        push(&mut out);
        out.split_off(1)
    }

    #[test]
    fn every_boundary_is_written_as_format_writes_it() {
        let mut cases: Vec<u64> = vec![0, 1, u64::MAX, u64::MAX - 1, i64::MAX as u64, i64::MAX as u64 + 1];
        let mut power = 1u64;
        while let Some(next) = power.checked_mul(10) {
            cases.extend([power - 1, power, power + 1, next - 1]);
            power = next;
        }
        cases.extend([power - 1, power, power + 1]);
        for n in cases {
            assert_eq!(written(|o| push_u64(o, n)), format!("{n}"));
            for width in [0, 1, 2, 4, 19, 20] {
                assert_eq!(written(|o| push_padded(o, n, width)), format!("{n:0width$}"), "{n} width {width}");
            }
            for i in [n as i64, (n as i64).wrapping_neg(), i64::MIN, i64::MAX] {
                assert_eq!(written(|o| push_i64(o, i)), format!("{i}"));
            }
        }
    }

    #[test]
    fn dates_are_written_as_display_writes_them() {
        for text in
            ["1850s", "0000s", "9990s", "0001", "1945", "9999", "1945-02", "1945-12", "1945-02-03", "0000-01-31"]
        {
            let d: HistDate = text.parse().unwrap();
            assert_eq!(written(|o| push_date(o, d)), text);
            assert_eq!(written(|o| push_date(o, d.first_day())), d.first_day().to_string());
            assert_eq!(written(|o| push_date(o, d.last_day())), d.last_day().to_string());
        }
    }

    proptest! {
        #[test]
        fn integers_are_written_as_format_writes_them(n in any::<u64>(), i in any::<i64>(), width in 0usize..=20) {
            prop_assert_eq!(written(|o| push_u64(o, n)), format!("{n}"));
            prop_assert_eq!(written(|o| push_i64(o, i)), format!("{i}"));
            prop_assert_eq!(written(|o| push_padded(o, n, width)), format!("{n:0width$}"));
        }

        #[test]
        fn any_date_is_written_as_display_writes_it(year in 0i32..=9999, month in 1u8..=12, day in 1u8..=28, precision in 0..4) {
            let text = match precision {
                0 => format!("{:04}s", year / 10 * 10),
                1 => format!("{year:04}"),
                2 => format!("{year:04}-{month:02}"),
                _ => format!("{year:04}-{month:02}-{day:02}"),
            };
            let d: HistDate = text.parse().unwrap();
            prop_assert_eq!(written(|o| push_date(o, d)), d.to_string());
            prop_assert_eq!(written(|o| push_date(o, d.last_day())), d.last_day().to_string());
        }
    }
}
