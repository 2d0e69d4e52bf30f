//! `kg draft ESSAY.txt -o DIR`: a first annotation of any essay; `kg draft --score GOLD DRAFT`:
//! how a draft compares with a curated annotation of the same essay.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kg::DraftScore;

use super::output::{Failure, Out};
use super::OutputArgs;

// Arguments of `kg draft`. A plain comment: a doc comment would replace the command's about line
// (the commands' arguments are built on demand, `defer` in cli/mod.rs).
#[derive(clap::Args, Debug)]
pub struct DraftArgs {
    /// The essay to draft (plain UTF-8 text, its first line the title).
    #[arg(value_name = "ESSAY", required_unless_present = "score", conflicts_with = "score")]
    essay: Option<PathBuf>,
    /// The annotation directory to write (created; it must not hold annotation files already).
    #[arg(short, long, value_name = "DIR", required_unless_present = "score")]
    output: Option<PathBuf>,
    /// Compare a draft with a curated annotation of the same essay instead: GOLD_DIR DRAFT_DIR.
    #[arg(long, num_args = 2, value_names = ["GOLD_DIR", "DRAFT_DIR"], conflicts_with = "output")]
    score: Option<Vec<PathBuf>>,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: &DraftArgs) -> Result<ExitCode, Failure> {
    if let Some(dirs) = &args.score {
        return score(&dirs[0], &dirs[1], &Out::new(args.out.format));
    }
    let (Some(essay), Some(dir)) = (&args.essay, &args.output) else {
        return Err(Failure::usage("give the essay and -o DIR, or --score GOLD_DIR DRAFT_DIR"));
    };
    let text = std::fs::read_to_string(essay)
        .map_err(|e| Failure::usage(format!("cannot read the essay {}: {e}", essay.display())))?;
    let draft = kg::draft(&text).map_err(|e| match e {
        // The essay's own problems name the file the user gave, not the draft's copy.
        kg::DraftError::Essay(mut problems) => {
            for p in &mut problems {
                p.file = essay.display().to_string();
            }
            Failure { code: 1, message: kg::DraftError::Essay(problems).to_string() }
        }
        other => Failure { code: 1, message: other.to_string() },
    })?;
    let named = draft.files.named();
    if let Some((name, _)) = named.iter().find(|(name, _)| dir.join(name).exists()) {
        return Err(Failure::usage(format!(
            "{} already exists; kg draft does not overwrite an annotation: give a new directory",
            dir.join(name).display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure { code: 1, message: format!("cannot create {}: {e}", dir.display()) })?;
    // Every file whole, in a temporary name first; renamed into place only when all are written.
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, content) in named {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.kg-tmp-{}", std::process::id()));
        if let Err(e) = std::fs::write(&tmp, content) {
            let _ = std::fs::remove_file(&tmp);
            for (t, _) in &written {
                let _ = std::fs::remove_file(t);
            }
            return Err(Failure { code: 1, message: format!("cannot write {}: {e}", path.display()) });
        }
        written.push((tmp, path));
    }
    for (tmp, path) in &written {
        std::fs::rename(tmp, path)
            .map_err(|e| Failure { code: 1, message: format!("cannot write {}: {e}", path.display()) })?;
    }
    // What was written is a status line (standard error, silenced by `--quiet`), like `export --all`.
    super::output::status(&format!(
        "drafted {}: {} entities ({} with several names), {} relations; {} phrases left for review in coverage.toml",
        dir.display(),
        draft.entities,
        draft.merged,
        draft.relations,
        draft.to_review
    ));
    if draft.line_endings_changed > 0 {
        super::output::status(&format!(
            "{} line endings (CRLF or CR) of {} made LF in {}",
            draft.line_endings_changed,
            essay.display(),
            dir.join("essay.txt").display()
        ));
    }
    super::output::status(&format!(
        "next: kg --data {} check, then edit entities.toml and relations.toml",
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn load(dir: &Path) -> Result<kg::Dataset, Failure> {
    kg::load_dir(dir).map_err(Failure::from)
}

fn score(gold_dir: &Path, draft_dir: &Path, out: &Out) -> Result<ExitCode, Failure> {
    let gold = load(gold_dir)?;
    let draft = load(draft_dir)?;
    if gold.essay != draft.essay {
        return Err(Failure::usage(format!(
            "{} and {} annotate different essays (their essay.txt differ)",
            gold_dir.display(),
            draft_dir.display()
        )));
    }
    let s = kg::score_draft(&gold, &draft);
    out.answer(&s, || render(&s))
}

fn render(s: &DraftScore) -> String {
    let (e, a, r) = (&s.entities, &s.aliases, &s.relations);
    let mut t = String::new();
    let list = |t: &mut String, title: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(t, "  {title} ({}):", items.len());
            for i in items {
                let _ = writeln!(t, "    {i}");
            }
        }
    };
    let _ = writeln!(
        t,
        "entities   recall {:5.1}% ({} of {} named; {} of {} in all)   precision {:5.1}% ({} of {})",
        e.recall(),
        e.found_named,
        e.gold_named,
        e.found_all,
        e.gold_all,
        e.precision(),
        e.correct,
        e.drafted,
    );
    list(&mut t, "named entities missed", e.missed.clone());
    list(&mut t, "draft entities not in the gold", e.spurious.clone());
    let _ = writeln!(t, "types      right {:5.1}% ({} of {} found)", e.type_accuracy(), e.typed_right, e.correct);
    list(
        &mut t,
        "types that differ (draft / gold)",
        e.mistyped.iter().map(|(l, d, g)| format!("{l}: {d} / {g}")).collect(),
    );
    let _ = writeln!(
        t,
        "aliases    recall {:5.1}% ({} of {} pairs)   precision {:5.1}% ({} of {})   required merged {} of {}   people merged {}",
        a.recall(),
        a.merged,
        a.gold_pairs,
        a.precision(),
        a.correct,
        a.draft_pairs,
        a.required_merged,
        a.required,
        a.people_merged.len()
    );
    list(&mut t, "required merges missed", a.required_missed.iter().map(|(x, y)| format!("{x} = {y}")).collect());
    list(&mut t, "gold name pairs not merged", a.missed.iter().map(|(x, y)| format!("{x} = {y}")).collect());
    list(&mut t, "draft entities holding two gold people", a.people_merged.clone());
    let _ = writeln!(
        t,
        "relations  recall {:5.1}% ({} of {})   precision {:5.1}% ({} of {})   through described ends {}",
        r.recall(),
        r.found,
        r.gold,
        r.precision(),
        r.correct,
        r.drafted,
        r.described
    );
    list(&mut t, "draft relations not in the gold (draft ids)", r.wrong.clone());
    list(&mut t, "gold relations missed (gold ids)", r.missed.clone());
    t
}
