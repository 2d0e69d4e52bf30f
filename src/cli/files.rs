//! Writing output files whole or not at all: each file is written to a temporary file beside it
//! and renamed into place. The temporary is removed when anything fails and, on unix, when kg
//! is interrupted (SIGINT, SIGTERM, SIGHUP); a replaced file keeps its permissions; a read-only
//! file or a symbolic link to nothing is refused rather than replaced; a set of files (`--all`)
//! is written as a set: every temporary first, then the renames.

use std::io::Write;
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

/// What a file holds, made straight into the file: a failure of the content's own (an export
/// over a budget) or of the writing.
pub type Content<'a> = &'a dyn Fn(&mut dyn Write) -> Result<(), Failure>;

/// A [`Content`] owned, for a list of files made one after the other.
pub type BoxedContent<'a> = Box<dyn Fn(&mut dyn Write) -> Result<(), Failure> + 'a>;

/// A file being written: counts the bytes and keeps the first I/O error, so that a failed write
/// is reported as the file's (`cannot write PATH: ...`), whatever the content made of it.
struct Recording<W> {
    inner: W,
    bytes: u64,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.inner.write(buf) {
            Ok(n) => {
                self.bytes += n as u64;
                Ok(n)
            }
            Err(e) => {
                let again = std::io::Error::new(e.kind(), e.to_string());
                self.error.get_or_insert(e);
                Err(again)
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Makes `content` into `out`; the number of bytes written.
fn make(path: &Path, out: impl Write, content: Content) -> Result<u64, Failure> {
    // Buffered in front of the recording: exports write many small pieces.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, Recording { inner: out, bytes: 0, error: None });
    let made = content(&mut out).and_then(|()| out.flush().map_err(|e| fail(path, "write", e)));
    let recording = out.get_mut();
    match (made, recording.error.take()) {
        (Err(_), Some(e)) => Err(fail(path, "write", e)),
        (Err(failure), None) => Err(failure),
        (Ok(()), _) => Ok(recording.bytes),
    }
}

/// Writes `content` into a new temporary beside `path`, with `permissions` when given.
fn write_temporary(
    path: &Path,
    content: Content,
    permissions: Option<&std::fs::Permissions>,
) -> Result<(Temporary, u64), Failure> {
    let name = path.file_name().ok_or_else(|| Failure::usage(format!("{} is not a file name", path.display())))?;
    let tmp =
        Temporary::register(path.with_file_name(format!(".{}.kg-tmp-{}", name.to_string_lossy(), std::process::id())));
    let file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp.path).map_err(|e| fail(path, "write", e))?;
    let bytes = make(path, &file, content)?;
    let finished = (|| {
        if let Some(p) = permissions {
            file.set_permissions(p.clone())?;
        }
        file.sync_all()
    })();
    finished.map_err(|e| fail(path, "write", e))?;
    Ok((tmp, bytes))
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_set(&[(path.to_path_buf(), bytes)])
}

/// Writes every file of a set whole, or none of them when any cannot be written. Every file is
/// first written to its temporary; only then are they renamed into place. Should a rename still
/// fail, the error says exactly which files were replaced and which were not.
pub fn write_set(files: &[(PathBuf, &[u8])]) -> Result<(), Failure> {
    let contents: Vec<BoxedContent> = files
        .iter()
        .map(|(_, bytes)| {
            let bytes: &[u8] = bytes;
            Box::new(move |out: &mut dyn Write| {
                out.write_all(bytes).map_err(|e| Failure { code: 1, message: e.to_string() })
            }) as BoxedContent
        })
        .collect();
    let set: Vec<(PathBuf, Content)> =
        files.iter().zip(&contents).map(|((p, _), c)| (p.clone(), c.as_ref() as Content)).collect();
    write_set_made(&set).map(|_| ())
}

/// [`write_set`] with each file's content made straight into its temporary, so that a set of
/// large files is never held in memory; the bytes written to each file.
pub fn write_set_made(files: &[(PathBuf, Content)]) -> Result<Vec<u64>, Failure> {
    let mut ready = Vec::new();
    let mut sizes = Vec::new();
    for (path, content) in files {
        match target(path)? {
            Target::Stream(stream) => sizes.push(write_stream(&stream, *content)?),
            Target::File { path: real, permissions } => {
                let (tmp, bytes) = write_temporary(&real, *content, permissions.as_ref())?;
                sizes.push(bytes);
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
    Ok(sizes)
}

fn write_stream(path: &Path, content: Content) -> Result<u64, Failure> {
    let file = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| fail(path, "write", e))?;
    make(path, UntilClosed { inner: file, closed: false }, content)
}

/// A stream whose reader may stop early (`| head`): once it has, the rest is dropped quietly.
struct UntilClosed<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Write for UntilClosed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.closed {
            match self.inner.write(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
                other => return other,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.inner.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}
