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

/// What a file system entry is, in English words, when it is not a regular file.
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    not_regular_kind(meta).map(|k| utblick_ingest::kind_words(k, utblick_core::Lang::En))
}

/// Opens a regular file (following symbolic links) no larger than `limit` bytes.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if let Some(kind) = not_regular(&meta) {
        return Err(format!("it is {kind}, not a regular file"));
    }
    if meta.len() > limit {
        return Err(format!(
            "it is {} MB, more than the {} MB such a file may be",
            meta.len().div_ceil(1 << 20),
            limit >> 20
        ));
    }
    let file = File::open(path).map_err(|e| e.to_string())?;
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `limit` bytes whole.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let (file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may have grown since it was measured: read one byte past the limit to know.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("it grew past {} MB while it was read", limit >> 20));
    }
    Ok(bytes)
}
