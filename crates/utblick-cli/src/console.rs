//! How a run talks to the person at the terminal beside what it prints: progress, and
//! `--quiet`.
//!
//! Progress goes to standard error, and only when standard error is a terminal and `--quiet`
//! is not given: piped or redirected output never carries a bar's `\r` or escape codes, so what
//! a script or a test reads is the same with or without a terminal.

use std::io::{IsTerminal, Read, Seek, SeekFrom};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use utblick_core::Lang;

/// How often a spinner turns while the work itself says nothing (a report being built, an
/// answer awaited from Kolada).
const TICK: Duration = Duration::from_millis(120);

/// `--quiet`, and whether progress is drawn; every bar of the run hangs on one
/// [`MultiProgress`], so a notice on standard error (another writer holds the store) can clear
/// them first and is not written across a bar.
#[derive(Clone)]
pub struct Console {
    /// `--quiet`: no progress, and no lines that only say the run went as asked.
    pub quiet: bool,
    draw: bool,
    bars: MultiProgress,
}

impl Console {
    /// Progress is drawn only when standard error is a terminal and `--quiet` is not given.
    pub fn new(quiet: bool) -> Console {
        let draw = !quiet && std::io::stderr().is_terminal();
        let target = if draw { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        Console { quiet, draw, bars: MultiProgress::with_draw_target(target) }
    }

    fn add(&self, bar: ProgressBar, template: &str) -> ProgressBar {
        if !self.draw {
            return ProgressBar::hidden();
        }
        // The templates are constants of this module; a wrong one is a plain bar, not a stop.
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        self.bars.add(bar.with_style(style))
    }

    /// A bar of bytes (a file being read): set its length and message per file.
    pub fn bytes(&self) -> ProgressBar {
        self.add(
            ProgressBar::new(0),
            "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({eta})",
        )
    }

    /// A bar of `len` things counted (`pages`: the word for them, plural).
    pub fn count(&self, len: u64, msg: String) -> ProgressBar {
        self.add(ProgressBar::new(len), "{msg} [{bar:30}] {pos}/{len}").with_message(msg)
    }

    /// A spinner that turns by itself until finished, for work that cannot say how far it
    /// has come; `{pos}` counts what it is told of (pages fetched).
    pub fn spinner(&self, msg: String) -> ProgressBar {
        let bar = self.add(ProgressBar::new_spinner(), "{spinner} {msg}").with_message(msg);
        if !bar.is_hidden() {
            bar.enable_steady_tick(TICK);
        }
        bar
    }

    /// Runs `f` (which writes to standard error) with the bars cleared, then draws them again.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        if self.draw { self.bars.suspend(f) } else { f() }
    }
}

/// "reading x (2 of 16)" in the run's language, the file name on one line with its hidden
/// characters made visible (a bar is drawn on the terminal too).
pub fn reading(name: &str, n: usize, of: usize, lang: Lang) -> String {
    let name = utblick_core::printable(name);
    match lang {
        _ if of < 2 => format!("{} {name}", lang.pick("läser", "reading")),
        Lang::Sv => format!("läser {name} ({n} av {of})"),
        Lang::En => format!("reading {name} ({n} of {of})"),
    }
}

/// A file read through a bar: the bar shows where in the file the reading is. Ingest reads a
/// file more than once (what it is, its checksum, its rows, and its rows again when they must
/// be staged), so the bar starts over at each pass; the pass over the rows is the long one.
pub struct Tracked<R> {
    inner: R,
    pos: u64,
    bar: Option<ProgressBar>,
}

impl<R> Tracked<R> {
    /// `bar` is moved as `inner` is read; a hidden bar is left alone.
    pub fn new(inner: R, bar: &ProgressBar) -> Tracked<R> {
        let bar = (!bar.is_hidden()).then(|| bar.clone());
        Tracked { inner, pos: 0, bar }
    }

    fn moved(&mut self, pos: u64) {
        self.pos = pos;
        if let Some(bar) = &self.bar {
            bar.set_position(pos);
        }
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.moved(self.pos + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Tracked<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = self.inner.seek(to)?;
        self.moved(pos);
        Ok(pos)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Seek, SeekFrom};

    use super::*;

    #[test]
    fn a_tracked_file_reads_and_seeks_as_the_file_itself() {
        let bytes: Vec<u8> = (0..=255).cycle().take(10_000).collect();
        let bar = ProgressBar::with_draw_target(Some(10_000), ProgressDrawTarget::hidden());
        let mut tracked = Tracked::new(Cursor::new(bytes.clone()), &bar);
        let mut first = Vec::new();
        tracked.read_to_end(&mut first).unwrap();
        assert_eq!(first, bytes);
        assert_eq!(tracked.pos, 10_000);
        assert_eq!(tracked.seek(SeekFrom::Start(9_000)).unwrap(), 9_000);
        let mut rest = Vec::new();
        tracked.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, bytes[9_000..]);
    }

    #[test]
    fn nothing_is_drawn_when_quiet() {
        let console = Console::new(true);
        assert!(console.bytes().is_hidden());
        assert!(console.count(3, "x".into()).is_hidden());
        assert!(console.spinner("x".into()).is_hidden());
        assert_eq!(console.suspend(|| 7), 7);
    }
}
