//! The arguments of the common questions read without clap: `stats`, `check`, `entities`,
//! `show`, `treaties`, `neighbors`, `timeline`, `path` and `export --format FORMAT`, with the
//! global `--data DIR` and `-q`/`--quiet`. Building clap's command and matching it was ~0.12 M
//! instructions and ~60 KB of heap (~15 first touches of a page) at every start, more than any
//! of these questions' own work but the decoding.
//!
//! Only the plainest form is taken: each option spelled out in full with its value as the next
//! argument (no `--format=json`, no `--`), no value that is empty or starts with `-`, no option
//! given twice unless it is repeatable, numbers as ASCII digits; everything else (help,
//! `--version`, a mistake, any other command or option) goes to clap, which answers as before.
//! What this takes, clap parses to the same [`Cli`] (`tests` below, against clap itself).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::ValueEnum;

use super::export::{DotViewArg, ExportArgs, FormatArg, RankDirArg};
use super::path::PathArgs;
use super::{Cli, Command, OutputArgs, OutputFormat};

/// How an option takes values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A switch, no value.
    Flag,
    /// One value, at most once.
    One,
    /// One value, repeatable.
    Many,
}
use Kind::{Flag, Many, One};

const FORMAT: (&str, Kind) = ("--format", One);

/// The commands taken here: name, how many positional arguments, options.
type Spec = (&'static str, usize, &'static [(&'static str, Kind)]);
const COMMANDS: &[Spec] = &[
    ("stats", 0, &[FORMAT]),
    ("check", 0, &[FORMAT]),
    ("entities", 0, &[("--type", One), FORMAT]),
    ("show", 1, &[FORMAT]),
    ("treaties", 0, &[("--involving", One), FORMAT]),
    ("neighbors", 1, &[("--depth", One), ("--relation", Many), FORMAT]),
    ("timeline", 0, &[("--from", One), ("--to", One), ("--involving", One), FORMAT]),
    (
        "path",
        2,
        &[
            ("--directed", Flag),
            ("--all", Flag),
            ("--max-hops", One),
            ("--budget", One),
            ("--limit", One),
            ("--via", Many),
            ("--avoid", Many),
            ("--stated-only", Flag),
            FORMAT,
        ],
    ),
    ("export", 0, &[FORMAT]),
];

/// A command's arguments as given: positional ones in order, and each option with its values.
struct Given<'a> {
    positional: Vec<&'a str>,
    options: Vec<(&'static str, Vec<&'a str>)>,
}

impl<'a> Given<'a> {
    fn values(&self, name: &str) -> Option<&[&'a str]> {
        self.options.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_slice())
    }

    fn flag(&self, name: &str) -> bool {
        self.values(name).is_some()
    }

    fn one(&self, name: &str) -> Option<&'a str> {
        self.values(name).and_then(|v| v.first().copied())
    }

    fn many(&self, name: &str) -> Vec<String> {
        self.values(name).unwrap_or_default().iter().map(|v| v.to_string()).collect()
    }

    /// The option's number, `default` when it is absent; `None` when it is not plain digits.
    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Option<T> {
        match self.one(name) {
            None => Some(default),
            Some(v) => digits(v)?.parse().ok(),
        }
    }

    fn optional_number<T: std::str::FromStr>(&self, name: &str) -> Option<Option<T>> {
        match self.one(name) {
            None => Some(None),
            Some(v) => Some(Some(digits(v)?.parse().ok()?)),
        }
    }

    fn out(&self) -> Option<OutputArgs> {
        let format = match self.one("--format") {
            None => OutputFormat::Text,
            Some(f) => <OutputFormat as ValueEnum>::from_str(f, false).ok()?,
        };
        Some(OutputArgs { format })
    }
}

/// `v` when it is 1 to 9 ASCII digits (a `usize` and an `i32` both hold it).
fn digits(v: &str) -> Option<&str> {
    (!v.is_empty() && v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit())).then_some(v)
}

/// The value after an option, if it is a plain one.
fn value<'a>(args: &[&'a str], at: &mut usize) -> Option<&'a str> {
    let v = *args.get(*at)?;
    *at += 1;
    (!v.is_empty() && !v.starts_with('-')).then_some(v)
}

/// The command line `args` (the program's name first), when it is one of the plain forms above;
/// `None` for clap to read.
pub(super) fn parse(args: &[OsString]) -> Option<Cli> {
    let args: Vec<&str> = args.get(1..)?.iter().map(|a| a.to_str()).collect::<Option<_>>()?;
    let (mut data, mut quiet) = (None, false);
    let mut spec: Option<&Spec> = None;
    let mut given = Given { positional: Vec::new(), options: Vec::new() };
    let mut at = 0;
    while let Some(&a) = args.get(at) {
        at += 1;
        match a {
            "-q" | "--quiet" if !quiet => quiet = true,
            "--data" if data.is_none() => data = Some(PathBuf::from(value(&args, &mut at)?)),
            "-q" | "--quiet" | "--data" | "" => return None,
            _ => match spec {
                None => spec = Some(COMMANDS.iter().find(|c| c.0 == a)?),
                Some((_, _, options)) if a.starts_with('-') => {
                    let &(name, kind) = options.iter().find(|o| o.0 == a)?;
                    let v = if kind == Flag { None } else { Some(value(&args, &mut at)?) };
                    match given.options.iter_mut().find(|o| o.0 == name) {
                        Some(o) if kind == Many => o.1.extend(v),
                        Some(_) => return None,
                        None => given.options.push((name, v.into_iter().collect())),
                    }
                }
                Some(_) => given.positional.push(a),
            },
        }
    }
    let &(name, positional, _) = spec?;
    if given.positional.len() != positional {
        return None;
    }
    let p = &given.positional;
    let command = match name {
        "stats" => Command::Stats { out: given.out()? },
        "check" => Command::Check { out: given.out()? },
        "entities" => Command::Entities { entity_type: given.one("--type").map(String::from), out: given.out()? },
        "show" => Command::Show { name: p[0].to_string(), out: given.out()? },
        "treaties" => Command::Treaties { involving: given.one("--involving")?.to_string(), out: given.out()? },
        "neighbors" => Command::Neighbors {
            name: p[0].to_string(),
            depth: given.number("--depth", 1)?,
            relation: given.many("--relation"),
            out: given.out()?,
        },
        "timeline" => Command::Timeline {
            from: given.optional_number("--from")?,
            to: given.optional_number("--to")?,
            involving: given.one("--involving").map(String::from),
            out: given.out()?,
        },
        "path" => {
            let all = given.flag("--all");
            // `--max-hops`, `--budget` and `--limit` require `--all`, and the last two are at least 1.
            if !all && ["--max-hops", "--budget", "--limit"].iter().any(|o| given.flag(o)) {
                return None;
            }
            let (budget, limit) = (given.number("--budget", kg::PATH_SEARCH_BUDGET)?, given.number("--limit", 20)?);
            if budget == 0 || limit == 0 {
                return None;
            }
            Command::Path(PathArgs {
                from: p[0].to_string(),
                to: p[1].to_string(),
                directed: given.flag("--directed"),
                all,
                max_hops: given.number("--max-hops", 4)?,
                budget,
                limit,
                via: given.many("--via"),
                avoid: given.many("--avoid"),
                stated_only: given.flag("--stated-only"),
                out: given.out()?,
            })
        }
        "export" => Command::Export(ExportArgs {
            format: Some(<FormatArg as ValueEnum>::from_str(given.one("--format")?, false).ok()?),
            output: None,
            all: false,
            base: None,
            vocab: None,
            background_only: false,
            no_ontology: false,
            ontology_only: false,
            focus: None,
            depth: 1,
            rankdir: RankDirArg::Lr,
            view: DotViewArg::Whole,
        }),
        _ => return None,
    };
    Some(Cli { data, quiet, command })
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use proptest::prelude::*;

    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        std::iter::once("kg").chain(args.iter().copied()).map(OsString::from).collect()
    }

    /// What clap makes of the same arguments, as its `Debug` text (`Cli` has no `PartialEq`).
    fn clap_parse(args: &[OsString]) -> Option<String> {
        Cli::try_parse_from(args).ok().map(|cli| format!("{cli:?}"))
    }

    /// The fast path's answer, which must be clap's whenever it gives one.
    fn checked(args: &[&str]) -> Option<String> {
        let args = os(args);
        let fast = parse(&args).map(|cli| format!("{cli:?}"));
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), clap_parse(&args).as_ref(), "{args:?}");
        }
        fast
    }

    /// Each command the benchmark asks, and the other plain forms, is taken (so the fast path is
    /// not dead), and clap reads each the same way.
    #[test]
    fn the_plain_forms_are_taken_and_read_as_clap_reads_them() {
        let taken: &[&[&str]] = &[
            &["stats"],
            &["stats", "--format", "json"],
            &["check"],
            &["--data", "data", "check"],
            &["check", "--data", "data", "-q"],
            &["entities"],
            &["entities", "--type", "island", "--format", "json"],
            &["show", "Sakhalin"],
            &["--quiet", "show", "--format", "json", "Treaty of Portsmouth"],
            &["treaties", "--involving", "Sakhalin"],
            &["neighbors", "Japan", "--depth", "2"],
            &["neighbors", "Japan", "--relation", "party_to", "--relation", "signed", "--depth", "007"],
            &["timeline"],
            &["timeline", "--from", "1945", "--to", "1945", "--involving", "Sakhalin"],
            &["path", "Japan", "Russia"],
            &["path", "Japan", "Russia", "--all", "--max-hops", "4"],
            &["path", "--all", "Japan", "--budget", "5", "--limit", "1", "Russia", "--stated-only"],
            &["path", "Japan", "Sakhalin", "--avoid", "part_of", "--via", "a", "--via", "b", "--directed"],
            &["export", "--format", "dot"],
            &["export", "--format", "json-full"],
            &["export", "--format", "csv-relationships"],
        ];
        for args in taken {
            assert!(checked(args).is_some(), "not taken: {args:?}");
        }
    }

    /// What the fast path must leave to clap: help and version, every form it does not read, and
    /// every mistake (so that clap's message and status are kept).
    #[test]
    fn everything_else_is_left_to_clap() {
        let refused: &[&[&str]] = &[
            &[],
            &["--help"],
            &["-h"],
            &["--version"],
            &["-V"],
            &["help"],
            &["stats", "--help"],
            &["stats", "extra"],
            &["stats", "--format=json"],
            &["stats", "--format", "JSON"],
            &["stats", "--format"],
            &["stats", "--format", "json", "--format", "text"],
            &["stats", "--", "x"],
            &["-qq", "stats"],
            &["-q", "-q", "stats"],
            &["--data", "a", "stats", "--data", "b"],
            &["--data", "", "stats"],
            &["--data", "-", "stats"],
            &["show"],
            &["show", "a", "b"],
            &["show", ""],
            &["show", "-x"],
            &["show", "-"],
            &["treaties"],
            &["neighbors", "Japan", "--depth", "-1"],
            &["neighbors", "Japan", "--depth", "+2"],
            &["neighbors", "Japan", "--depth", "1234567890"],
            &["neighbors", "Japan", "--depth", "1", "--depth", "2"],
            &["timeline", "--from", "-5"],
            &["path", "Japan"],
            &["path", "Japan", "Russia", "--max-hops", "3"],
            &["path", "Japan", "Russia", "--limit", "3"],
            &["path", "Japan", "Russia", "--all", "--budget", "0"],
            &["path", "Japan", "Russia", "--all", "--limit", "0"],
            &["path", "Japan", "Russia", "--all", "--all"],
            &["export"],
            &["export", "--format", "nope"],
            &["export", "-o", "x.ttl"],
            &["export", "--format", "dot", "--focus", "Japan"],
            &["sparql", "ASK {}"],
            &["draft", "x"],
            &["man"],
            &["completions", "bash"],
        ];
        for args in refused {
            assert_eq!(checked(args), None, "taken: {args:?}");
        }
        // Not UTF-8.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let args = vec![OsString::from("kg"), OsString::from("show"), OsString::from_vec(vec![0xff])];
            assert!(parse(&args).is_none());
        }
    }

    /// Pieces of command lines, right and wrong, for the property below.
    const PIECES: &[&str] = &[
        "stats",
        "check",
        "entities",
        "show",
        "treaties",
        "neighbors",
        "timeline",
        "path",
        "export",
        "sparql",
        "--format",
        "json",
        "text",
        "Json",
        "dot",
        "html",
        "--type",
        "island",
        "--involving",
        "Sakhalin",
        "--depth",
        "--relation",
        "party_to",
        "--from",
        "--to",
        "1945",
        "0",
        "2",
        "-1",
        "--directed",
        "--all",
        "--max-hops",
        "--budget",
        "--limit",
        "--via",
        "--avoid",
        "--stated-only",
        "-q",
        "--quiet",
        "--data",
        "data",
        "Japan",
        "Russia",
        "",
        "-",
        "--",
        "--help",
        "-o",
        "x",
        "--format=json",
        "99999999999",
    ];

    proptest! {
        /// Whatever command line the fast path takes, clap takes too and reads as the same `Cli`.
        #[test]
        fn whatever_the_fast_path_takes_clap_reads_the_same(picks in proptest::collection::vec(0..PIECES.len(), 0..9)) {
            let args: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
            checked(&args);
        }
    }
}
