//! File-store primitives: a private directory, atomic `0600` writes, and OS file locks
//! (`std::fs::File::lock`, released by the OS if the holder dies) taken with a deadline.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> Error {
    Error::token_store(format!("{what} {} failed: {e}", path.display()))
}

/// Creates `dir` (and its parents) if missing; a new directory is private (`0700`).
pub(crate) fn ensure_dir(dir: &Path) -> Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| io_error("creating the store directory", dir, &e))?;
    if !dir.is_dir() {
        return Err(Error::token_store(format!("{} is not a directory", dir.display())));
    }
    Ok(())
}

fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Reads `path`, `None` when it does not exist.
pub(crate) fn read(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error("reading", path, &e)),
    }
}

/// Replaces `path` with `bytes` atomically (a `0600` temporary file renamed over it), so a
/// reader sees the old or the new content, never a half-written file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = PathBuf::from(format!("{}.{}.{}.tmp", path.display(), std::process::id(), super::nonce()));
    let result = (|| {
        let mut f = private_options().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io_error("writing", path, &e));
    }
    Ok(())
}

/// Removes `path`; a missing file is fine.
pub(crate) fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("removing", path, &e)),
    }
}

/// An exclusive lock on a lock file; released when dropped (or by the OS when the process dies).
#[derive(Debug)]
pub(crate) struct FileLock {
    file: File,
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> Result<File> {
    private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| io_error("opening the lock file", path, &e))
}

/// Takes the lock if it is free now; `None` if another holder has it.
pub(crate) fn try_lock(path: &Path) -> Result<Option<FileLock>> {
    let file = open_lock_file(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(FileLock { file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(io_error("locking", path, &e)),
    }
}

/// Takes the lock, waiting at most `wait` for the current holder.
pub(crate) fn lock(path: &Path, wait: Duration) -> Result<FileLock> {
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(l) = try_lock(path)? {
            return Ok(l);
        }
        if Instant::now() >= deadline {
            return Err(Error::token_store(format!(
                "the lock {} was held by another process for more than {wait:?}",
                path.display()
            )));
        }
        super::backoff(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_and_exclusive_locks() {
        let dir = std::env::temp_dir().join(format!("wcheckout-file-{}", super::super::nonce()));
        ensure_dir(&dir).unwrap();
        let f = dir.join("x.json");
        assert_eq!(read(&f).unwrap(), None);
        write_atomic(&f, b"one").unwrap();
        write_atomic(&f, b"two").unwrap();
        assert_eq!(read(&f).unwrap().as_deref(), Some(&b"two"[..]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        }
        let l = dir.join("x.lock");
        let held = try_lock(&l).unwrap().unwrap();
        assert!(try_lock(&l).unwrap().is_none(), "a second handle must not get the lock");
        assert_eq!(lock(&l, Duration::from_millis(30)).unwrap_err().code(), "token_store");
        drop(held);
        assert!(try_lock(&l).unwrap().is_some());
        remove(&f).unwrap();
        remove(&f).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }
}
