//! What commands print for a person: control characters escaped (a title or a `links.json` cannot retitle the
//! window or clear the screen), and a closed or full stream never a panic. A reader that stops early
//! (`helpsite check | head`) is its choice, not a failure; any other write error is reported once, at the end.

use std::borrow::Cow;
use std::io::Write;
use std::process::ExitCode;

/// Prints a line on standard output: `outln!(terminal, "format", args..)`.
macro_rules! outln {
    ($t:expr, $($arg:tt)*) => { $t.out(&format!("{}\n", format_args!($($arg)*))) };
}
/// Prints a line on standard error.
macro_rules! errln {
    ($t:expr, $($arg:tt)*) => { $t.err(&format!("{}\n", format_args!($($arg)*))) };
}
pub(crate) use {errln, outln};

/// The standard streams of one command, and the first error writing them.
#[derive(Debug, Default)]
pub(crate) struct Terminal {
    failed: Option<String>,
}

impl Terminal {
    pub(crate) fn out(&mut self, text: &str) {
        let result = write(&mut std::io::stdout().lock(), text);
        self.note(result, "output");
    }

    pub(crate) fn err(&mut self, text: &str) {
        let result = write(&mut std::io::stderr().lock(), text);
        self.note(result, "error");
    }

    fn note(&mut self, result: std::io::Result<()>, stream: &str) {
        if let Err(e) = result {
            if e.kind() != std::io::ErrorKind::BrokenPipe && self.failed.is_none() {
                self.failed = Some(format!("cannot write to standard {stream}: {e}"));
            }
        }
    }

    /// The command's exit code: `code`, or 1 when something could not be written (said once, on standard error
    /// if that still works).
    pub(crate) fn finish(self, code: ExitCode) -> ExitCode {
        match self.failed {
            None => code,
            Some(message) => {
                let _ = writeln!(std::io::stderr(), "error: {message}");
                ExitCode::from(1)
            }
        }
    }
}

fn write(stream: &mut impl Write, text: &str) -> std::io::Result<()> {
    stream.write_all(printable(text).as_bytes())?;
    stream.flush()
}

/// `text` with every character that would act on a terminal instead of showing
/// ([`crate::report::acts_on_terminal`]) written as `\u{..}`.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let acts = crate::report::acts_on_terminal;
    if !text.contains(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(
            printable("a\u{1b}]0;owned\u{7}b\u{9b}c\u{202e}d\r"),
            "a\\u{1b}]0;owned\\u{7}b\\u{9b}c\\u{202e}d\\u{d}"
        );
    }
}
