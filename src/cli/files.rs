//! Writing output files whole or not at all: each file is written to a temporary file beside it
//! and renamed into place. The temporary is removed when anything fails and, on unix, when kg
//! is interrupted (SIGINT, SIGTERM, SIGHUP); a replaced file keeps its permissions; a read-only
//! file or a symbolic link to nothing is refused rather than replaced; a set of files (`--all`)
//! is written as a set: every temporary first, then the renames.

use std::path::{Path, PathBuf};

use super::output::Failure;

/// Removing the temporaries when kg is interrupted. On unix, a handler of SIGINT, SIGTERM and
/// SIGHUP unlinks every temporary that exists, then ends kg as the signal would.
#[cfg(unix)]
mod interrupt {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// The temporaries that exist right now, as C strings, for the signal handler to remove.
    const SLOTS: usize = 32;
    static TEMPORARIES: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

    extern "C" fn remove_temporaries_and_die(signal: libc::c_int) {
        for slot in &TEMPORARIES {
            let path = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !path.is_null() {
                // SAFETY: unlink is async-signal-safe; the pointer came from CString::into_raw and
                // is never freed while it is in a slot.
                unsafe { libc::unlink(path) };
            }
        }
        // SAFETY: restoring the default action and re-raising ends the process as the signal would.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    fn install_handler() {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: the handler only calls async-signal-safe functions.
                unsafe { libc::signal(signal, remove_temporaries_and_die as *const () as libc::sighandler_t) };
            }
        });
    }

    /// Hands `path` to the signal handler; returns its slot (`None` when all slots are taken).
    pub(super) fn register(path: &Path) -> Option<usize> {
        install_handler();
        CString::new(path.as_os_str().as_encoded_bytes()).ok().and_then(|c| {
            let raw = c.into_raw();
            let free = TEMPORARIES.iter().position(|s| {
                s.compare_exchange(std::ptr::null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst).is_ok()
            });
            if free.is_none() {
                // SAFETY: `raw` came from into_raw just above and was not stored.
                drop(unsafe { CString::from_raw(raw) });
            }
            free
        })
    }

    /// Takes a temporary back from the signal handler.
    pub(super) fn forget(slot: usize) {
        let raw = TEMPORARIES[slot].swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !raw.is_null() {
            // SAFETY: the slot held a pointer from CString::into_raw, now taken out of it.
            drop(unsafe { CString::from_raw(raw) });
        }
    }
}

/// Elsewhere (Windows) kg installs no handler: a temporary is still removed on every error,
/// but one may stay behind when kg is interrupted (Ctrl-C).
#[cfg(not(unix))]
mod interrupt {
    use std::path::Path;

    pub(super) fn register(_path: &Path) -> Option<usize> {
        None
    }

    pub(super) fn forget(_slot: usize) {}
}

/// A temporary file that is removed when dropped unless it was renamed into place.
struct Temporary {
    path: PathBuf,
    slot: Option<usize>,
}

impl Temporary {
    fn register(path: PathBuf) -> Temporary {
        let slot = interrupt::register(&path);
        Temporary { path, slot }
    }

    fn forget_slot(&mut self) {
        if let Some(slot) = self.slot.take() {
            interrupt::forget(slot);
        }
    }

    /// Renames the temporary to `target`; afterwards there is nothing to clean up.
    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, target)?;
        self.forget_slot();
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.slot.is_some() || self.path.exists() {
            let _ = std::fs::remove_file(&self.path);
        }
        self.forget_slot();
    }
}

/// Where a file goes, checked before anything is written.
enum Target {
    /// A regular file (new or replaced), by its real path, with the mode to give it.
    File { path: PathBuf, permissions: Option<std::fs::Permissions> },
    /// Something that cannot be replaced (`/dev/stdout`, a pipe): written into directly.
    Stream(PathBuf),
}

fn fail(path: &Path, what: &str, e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: format!("cannot {what} {}: {e}", path.display()) }
}

fn target(path: &Path) -> Result<Target, Failure> {
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(Target::File { path: path.to_path_buf(), permissions: None }),
        Ok(link) => {
            let meta = match std::fs::metadata(path) {
                Ok(meta) => meta,
                Err(_) if link.file_type().is_symlink() => {
                    let to = std::fs::read_link(path).map(|p| p.display().to_string()).unwrap_or_default();
                    return Err(Failure {
                        code: 1,
                        message: format!(
                            "{} is a symbolic link to {to}, which does not exist; kg does not replace links: create the file, remove the link or write elsewhere",
                            path.display()
                        ),
                    });
                }
                Err(e) => return Err(fail(path, "write", e)),
            };
            if !meta.is_file() {
                return Ok(Target::Stream(path.to_path_buf()));
            }
            if meta.permissions().readonly() {
                return Err(Failure {
                    code: 1,
                    message: format!(
                        "{} is read-only; kg does not replace it: make it writable or write elsewhere",
                        path.display()
                    ),
                });
            }
            // A symbolic link is followed: the file it points to is replaced, the link stays.
            let real = std::fs::canonicalize(path).map_err(|e| fail(path, "resolve", e))?;
            Ok(Target::File { path: real, permissions: Some(meta.permissions()) })
        }
    }
}

/// Writes `bytes` into a new temporary beside `path`, with `permissions` when given.
fn write_temporary(
    path: &Path,
    bytes: &[u8],
    permissions: Option<&std::fs::Permissions>,
) -> Result<Temporary, Failure> {
    let name = path.file_name().ok_or_else(|| Failure::usage(format!("{} is not a file name", path.display())))?;
    let tmp =
        Temporary::register(path.with_file_name(format!(".{}.kg-tmp-{}", name.to_string_lossy(), std::process::id())));
    let written = (|| {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp.path)?;
        file.write_all(bytes)?;
        if let Some(p) = permissions {
            file.set_permissions(p.clone())?;
        }
        file.sync_all()
    })();
    written.map_err(|e| fail(path, "write", e))?;
    Ok(tmp)
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_set(&[(path.to_path_buf(), bytes)])
}

/// Writes every file of a set whole, or none of them when any cannot be written. Every file is
/// first written to its temporary; only then are they renamed into place. Should a rename still
/// fail, the error says exactly which files were replaced and which were not.
pub fn write_set(files: &[(PathBuf, &[u8])]) -> Result<(), Failure> {
    let mut ready = Vec::new();
    for (path, bytes) in files {
        match target(path)? {
            Target::Stream(stream) => write_stream(&stream, bytes)?,
            Target::File { path: real, permissions } => {
                let tmp = write_temporary(&real, bytes, permissions.as_ref())?;
                ready.push((path, real, tmp));
            }
        }
    }
    let mut done: Vec<String> = Vec::new();
    let total = ready.len();
    for (shown, real, tmp) in ready {
        if let Err(e) = tmp.persist(&real) {
            let mut message = format!("cannot write {}: {e}", shown.display());
            if total > 1 {
                let written = if done.is_empty() { "none".to_string() } else { done.join(", ") };
                message.push_str(&format!("; already replaced: {written}; the others are unchanged"));
            }
            return Err(Failure { code: 1, message });
        }
        done.push(shown.display().to_string());
    }
    Ok(())
}

fn write_stream(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
        .or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })
        .map_err(|e| fail(path, "write", e))
}
