//! Reading files the user names: regular files only, never past a bound.
//!
//! A FIFO or a device would make a read wait forever or never end (`/dev/zero`), so what is
//! not a regular file is refused before it is opened; a regular file is read up to a limit.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// The largest plan, catalogue or actor file read: 10 MB (the sample's are 20 kB).
pub const PLAN_FILE_LIMIT: u64 = 10 << 20;

/// What a file system entry is, as a code (`fifo`, `socket`, `device`, `folder`, `symlink`,
/// `other`), when it is not a regular file.
pub fn not_regular_kind(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("fifo");
        }
        if t.is_socket() {
            return Some("socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("device");
        }
    }
    Some(if t.is_dir() {
        "folder"
    } else if t.is_symlink() {
        "symlink"
    } else {
        "other"
    })
}

/// Why a file was not opened.
#[derive(Debug, thiserror::Error)]
pub enum NotOpened {
    /// Not a regular file: its kind (see [`not_regular_kind`]).
    #[error(
        "it is {}, not a regular file",
        utblick_ingest::kind_words(.0, utblick_core::Lang::En)
    )]
    NotRegular(&'static str),
    /// Larger than the limit.
    #[error(
        "it is {} MB, more than the {} MB such a file may be",
        size.div_ceil(1 << 20),
        limit >> 20
    )]
    TooLarge { size: u64, limit: u64 },
    /// The system's error.
    #[error(transparent)]
    Io(std::io::Error),
}

/// Why a file was not read whole.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// It was not opened.
    #[error(transparent)]
    NotOpened(#[from] NotOpened),
    /// Reading or looking at it failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// It grew past the limit while it was read.
    #[error("it grew past {} MB while it was read", limit >> 20)]
    Grew { limit: u64 },
    /// It was to be text and is not UTF-8.
    #[error(
        "it is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
        .0.utf8_error().valid_up_to()
    )]
    NotUtf8(#[source] std::string::FromUtf8Error),
}

/// Opens a regular file (following symbolic links) no larger than `limit` bytes, and gives
/// its size. On Linux the file is opened without blocking and then looked at through the
/// handle, so that a FIFO put in its place between a look and the open cannot hang the read;
/// elsewhere it is looked at first.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), NotOpened> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        /// `O_NONBLOCK` on Linux: opening a FIFO returns at once instead of waiting.
        const O_NONBLOCK: i32 = 0o4000;
        options.custom_flags(O_NONBLOCK);
    }
    #[cfg(not(target_os = "linux"))]
    {
        let meta = std::fs::metadata(path).map_err(NotOpened::Io)?;
        if let Some(kind) = not_regular_kind(&meta) {
            return Err(NotOpened::NotRegular(kind));
        }
    }
    let file = options.open(path).map_err(NotOpened::Io)?;
    let meta = file.metadata().map_err(NotOpened::Io)?;
    if let Some(kind) = not_regular_kind(&meta) {
        return Err(NotOpened::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(NotOpened::TooLarge { size: meta.len(), limit });
    }
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `limit` bytes whole.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may have grown since it was measured: read one byte past the limit to know.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Grew { limit });
    }
    Ok(bytes)
}
