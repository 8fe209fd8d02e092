use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use docgen::{BuildOptions, build};
use docgen::{Diagnostic, Severity};

/// A fast, strict static documentation site generator for Docusaurus-style Markdown.
#[derive(Parser)]
#[command(name = "docgen", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the site is and which pages count: shared by every command.
#[derive(Args)]
struct Site {
    /// Site folder (holding docgen.toml, content/, static/, templates/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        #[command(flatten)]
        site: Site,
        /// Output folder (default: `output_dir` of docgen.toml, else `public/` in the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Public address of the site, e.g. https://example.com/docs/ (enables sitemap.xml).
        #[arg(long)]
        base_url: Option<String>,
        /// Treat every warning as an error.
        #[arg(long)]
        strict: bool,
    },
    /// Serve the site on a local web server, rebuilding on save with --watch.
    Serve {
        #[command(flatten)]
        site: Site,
        /// Rebuild what changed when a file is saved, and reload open pages.
        #[arg(long)]
        watch: bool,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the site as `build` would (links, anchors, images, front matter, templates)
    /// without writing anything; fast enough for a pre-commit hook.
    Check {
        #[command(flatten)]
        site: Site,
        /// Treat every warning as an error.
        #[arg(long)]
        strict: bool,
    },
}

impl Site {
    fn options(self) -> BuildOptions {
        BuildOptions {
            root: self.root,
            drafts: self.drafts,
            ..BuildOptions::default()
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            out,
            base_url,
            strict,
        } => run_build(BuildOptions {
            output: out,
            base_url,
            strict,
            ..site.options()
        }),
        Command::Serve {
            site,
            watch,
            port,
            host,
            open,
        } => {
            let options = docgen::serve::ServeOptions {
                build: site.options(),
                host,
                port,
                watch,
                open,
            };
            match docgen::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { site, strict } => run_build(BuildOptions {
            strict,
            check_only: true,
            ..site.options()
        }),
    }
}

fn run_build(options: BuildOptions) -> ExitCode {
    let started = std::time::Instant::now();
    match build(&options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            let (verb, place, outcome) = match options.check_only {
                true => ("Checked", String::new(), ": no errors"),
                false => ("Built", format!(" into {}", summary.output.display()), ""),
            };
            println!(
                "{verb} {} pages and {} assets{place} in {:.2} s{outcome}{}",
                summary.pages,
                summary.assets,
                summary.elapsed.as_secs_f64(),
                warning_suffix(&summary.warnings),
            );
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print_diagnostics(&failed.diagnostics);
            let errors = failed.errors();
            let (what, untouched) = match options.check_only {
                true => ("Check", ""),
                false => ("Build", "; the output folder was left untouched"),
            };
            eprintln!(
                "{what} failed: {errors} error{}{} in {:.2} s{untouched}",
                if errors == 1 { "" } else { "s" },
                warning_suffix(&failed.diagnostics),
                started.elapsed().as_secs_f64(),
            );
            ExitCode::FAILURE
        }
    }
}

/// `, 2 warnings, 1 note`: the diagnostics that are not errors, by severity.
fn warning_suffix(diags: &[Diagnostic]) -> String {
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| match n {
        0 => String::new(),
        1 => format!(", 1 {word}"),
        n => format!(", {n} {word}s"),
    };
    plural(count(Severity::Warning), "warning") + &plural(count(Severity::Note), "note")
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let text = d.to_string();
        if color {
            let (label, code) = match d.severity {
                Severity::Error => ("error", "1;31"),
                Severity::Warning => ("warning", "1;33"),
                Severity::Note => ("note", "1;36"),
            };
            let rest = text.strip_prefix(label).unwrap_or(&text);
            let _ = writeln!(err, "\x1b[{code}m{label}\x1b[0m{rest}\n");
        } else {
            let _ = writeln!(err, "{text}\n");
        }
    }
}
