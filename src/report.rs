//! How diagnostics reach a person or a machine: the human format (with colour on a terminal),
//! JSON lines for tools (`--message-format json`), and GitHub Actions workflow commands
//! (`--message-format github`) that annotate a pull request on the offending lines.

use std::io::Write;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};

/// The output formats of `docgen build` and `docgen check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageFormat {
    #[default]
    Human,
    Json,
    Github,
}

/// What a build ended with, for the closing line or object.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub success: bool,
    /// `build` or `check`.
    pub command: &'static str,
    pub pages: usize,
    pub assets: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub elapsed_ms: u64,
    /// Where the site was written (a successful `build` only).
    pub output: Option<String>,
    /// Nothing changed since the last build, so nothing was written.
    pub unchanged: bool,
    /// Pages taken from the last output as they were (nothing they are made from changed).
    pub kept_pages: usize,
}

impl Outcome {
    /// Counts the diagnostics by severity.
    pub fn counting(mut self, diags: &[Diagnostic]) -> Outcome {
        let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
        self.errors = count(Severity::Error);
        self.warnings = count(Severity::Warning);
        self.notes = count(Severity::Note);
        self
    }
}

/// One diagnostic as a JSON object.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    severity: &'static str,
    code: &'static str,
    file: String,
    /// 1-based; `null` when the problem concerns the whole file.
    line: Option<usize>,
    column: Option<usize>,
    /// docgen reports points, not ranges, so far: always `null`.
    end: Option<()>,
    message: &'a str,
    hint: Option<&'a str>,
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The diagnostics and the closing summary, in `format`.
pub fn write(
    out: &mut dyn Write,
    format: MessageFormat,
    diags: &[Diagnostic],
    outcome: &Outcome,
    color: bool,
) -> std::io::Result<()> {
    match format {
        MessageFormat::Human => {
            for d in diags {
                writeln!(out, "{}\n", human(d, color))?;
            }
            writeln!(out, "{}", summary_line(outcome))
        }
        MessageFormat::Json => {
            for d in diags {
                writeln!(out, "{}", json(d))?;
            }
            let mut summary = serde_json::to_value(outcome).unwrap_or_default();
            if let Some(map) = summary.as_object_mut() {
                map.insert("type".into(), "summary".into());
            }
            writeln!(out, "{summary}")
        }
        MessageFormat::Github => {
            for d in diags {
                writeln!(out, "{}", github(d))?;
            }
            writeln!(out, "{}", summary_line(outcome))
        }
    }
}

/// The human format: `error[broken-link]: file:line:col: message`, the source line, the hint.
pub fn human(d: &Diagnostic, color: bool) -> String {
    let text = d.to_string();
    if !color {
        return text;
    }
    let label = severity_name(d.severity);
    let code = match d.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Note => "1;36",
    };
    let rest = text.strip_prefix(label).unwrap_or(&text);
    format!("\x1b[{code}m{label}\x1b[0m{rest}")
}

/// One JSON object on one line.
pub fn json(d: &Diagnostic) -> String {
    let object = JsonDiagnostic {
        kind: "diagnostic",
        severity: severity_name(d.severity),
        code: d.code().as_str(),
        file: d.file.to_string_lossy().replace('\\', "/"),
        line: (d.line > 0).then_some(d.line),
        column: (d.column > 0).then_some(d.column),
        end: None,
        message: &d.message,
        hint: d.hint.as_deref(),
    };
    serde_json::to_string(&object).unwrap_or_default()
}

/// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = vec![format!(
        "file={}",
        escape_property(&d.file.to_string_lossy().replace('\\', "/"))
    )];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        if d.column > 0 {
            props.push(format!("col={}", d.column));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("docgen {}", d.code().as_str()))
    ));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

/// Workflow command data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow command properties also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `Built 19 pages and 13 assets into ./public in 0.21 s, 2 warnings` and the like.
pub fn summary_line(o: &Outcome) -> String {
    let plural = |n: usize, word: &str| match n {
        0 => String::new(),
        1 => format!(", 1 {word}"),
        n => format!(", {n} {word}s"),
    };
    let others = plural(o.warnings, "warning") + &plural(o.notes, "note");
    let seconds = o.elapsed_ms as f64 / 1000.0;
    match (o.success, o.command) {
        (true, "check") => format!(
            "Checked {} pages and {} assets in {seconds:.2} s: no errors{others}",
            o.pages, o.assets
        ),
        (true, _) if o.unchanged => format!(
            "Unchanged since the last build: {} pages and {} assets in {} ({seconds:.2} s{others}; --no-cache rebuilds)",
            o.pages,
            o.assets,
            o.output.as_deref().unwrap_or("")
        ),
        (true, _) => format!(
            "Built {} pages and {} assets into {} in {seconds:.2} s{}{others}",
            o.pages,
            o.assets,
            o.output.as_deref().unwrap_or(""),
            match o.kept_pages {
                0 => String::new(),
                n => format!(" ({n} unchanged pages kept)"),
            }
        ),
        (false, what) => format!(
            "{} failed: {} error{}{others} in {seconds:.2} s{}",
            if what == "check" { "Check" } else { "Build" },
            o.errors,
            if o.errors == 1 { "" } else { "s" },
            if what == "check" {
                ""
            } else {
                "; the output folder was left untouched"
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn github_commands_escape_what_the_runner_would_misread() {
        let d = Diagnostic::warning("content/a, b.md", "100% broken: `x`\nsecond")
            .with_code(Code::Yaml)
            .at("x\ny\n", 2, 3);
        assert_eq!(
            github(&d),
            "::warning file=content/a%2C b.md,line=2,col=3,title=docgen yaml::100%25 broken: `x`%0Asecond"
        );
    }
}
