use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod terminal_progress;

/// A build allocates and frees millions of small strings across threads, and Pagefind builds
/// large tables: glibc's allocator spent a fifth of a 10,000-page build in malloc, free and the
/// kernel zeroing pages it had just returned.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use docgen::report::{self, MessageFormat, Outcome};
use docgen::{BuildOptions, Code, Diagnostic, Severity, build};

/// A fast, strict static documentation site generator for Docusaurus-style Markdown.
#[derive(Parser)]
#[command(name = "docgen", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour in messages: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Print only errors (and warnings, which still count).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also say what each step did.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Messages for people, with the source line and a marker.
    Human,
    /// One JSON object per diagnostic and a closing summary object, on stdout.
    Json,
    /// GitHub Actions workflow commands, which annotate the pull request's lines.
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Where the site is and which pages count: shared by the commands that read a site.
#[derive(Args)]
struct Site {
    /// Site folder (holding docgen.toml, content/, static/, templates/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Leave out the search index and box (a quicker build, e.g. to check a pull request).
    #[arg(long)]
    no_search: bool,
    /// Build only this locale of a translated site (one of `i18n.locales`).
    #[arg(long)]
    locale: Option<String>,
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
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        message_format: Format,
        /// Replace the output folder even if docgen did not write it.
        #[arg(long)]
        force: bool,
        /// Build even when nothing changed since the last build, highlighting every code block anew.
        #[arg(long)]
        no_cache: bool,
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
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        message_format: Format,
    },
    /// Start a new site in DIR (default: the current folder), which must not hold its files.
    Init {
        /// Folder of the new site.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's title.
        #[arg(long, default_value = "Documentation")]
        title: String,
        /// The site's language (`id` and `en` get pages in that language).
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Explain a diagnostic code (`broken-link`, `yaml`, ...): its cause and its fix.
    Explain {
        /// The code, as printed in `error[code]`.
        code: String,
    },
    /// Print a shell completion script (`docgen completions bash > /etc/bash_completion.d/docgen`).
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Exit codes: 0 success (warnings allowed), 1 the site has errors, 2 a problem outside the
/// site (usage, the output folder cannot be written, the port is taken).
const EXIT_SITE_ERRORS: u8 = 1;
const EXIT_OUTSIDE: u8 = 2;

impl Site {
    fn options(self) -> BuildOptions {
        BuildOptions {
            root: self.root,
            drafts: self.drafts,
            no_search: self.no_search,
            only_locale: self.locale,
            ..BuildOptions::default()
        }
    }
}

struct Printing {
    color: bool,
    quiet: bool,
    verbose: bool,
}

/// Turns transparent huge pages off for this process. mimalloc asks for them, and a build
/// frees and takes back memory all the time (Pagefind's tables, one bundle after another):
/// each page taken back was a 2 MiB page the kernel zeroed whole, an eighth of a 10,000-page
/// build's CPU time. Measured with 4 KiB pages: 3 s less system time and 60 MB less peak memory.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes an integer flag and no pointers; it only changes how
    // the kernel backs this process' memory. A failure (an old kernel) changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = Cli::parse();
    let printing = Printing {
        color: match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            site,
            out,
            base_url,
            strict,
            message_format,
            force,
            no_cache,
        } => run_build(
            BuildOptions {
                output: out,
                base_url,
                strict,
                force,
                no_cache,
                ..site.options()
            },
            message_format,
            &printing,
        ),
        Command::Check {
            site,
            strict,
            message_format,
        } => run_build(
            BuildOptions {
                strict,
                check_only: true,
                ..site.options()
            },
            message_format,
            &printing,
        ),
        Command::Serve {
            site,
            watch,
            port,
            host,
            open,
        } => {
            let progress = match printing.quiet {
                true => docgen::ProgressHandle::default(),
                false => terminal_progress::TerminalProgress::handle(),
            };
            let options = docgen::serve::ServeOptions {
                build: BuildOptions {
                    progress,
                    ..site.options()
                },
                host,
                port,
                watch,
                open,
            };
            match docgen::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_OUTSIDE)
                }
            }
        }
        Command::Init {
            dir,
            title,
            language,
        } => run_init(docgen::init::InitOptions {
            dir,
            title,
            language,
        }),
        Command::Explain { code } => match Code::from_name(code.trim()) {
            Some(code) => {
                println!("{}: {}", code.as_str(), code.explanation());
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "error: unknown code `{code}`; the codes are: {}",
                    Code::names().join(", ")
                );
                ExitCode::from(EXIT_OUTSIDE)
            }
        },
        Command::Completions { shell } => {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            // Into memory first: a closed pipe (`| head`) must not abort the generator.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "docgen", &mut script);
            let _ = std::io::stdout().lock().write_all(&script);
            ExitCode::SUCCESS
        }
    }
}

fn run_init(options: docgen::init::InitOptions) -> ExitCode {
    match docgen::init::init(&options) {
        Ok(files) => {
            println!(
                "Created a site in {} ({} files). Next: `docgen serve --watch` to preview, `docgen build` to publish.",
                options.dir.display(),
                files.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_OUTSIDE)
        }
    }
}

fn run_build(mut options: BuildOptions, format: Format, printing: &Printing) -> ExitCode {
    let started = std::time::Instant::now();
    if matches!(format, Format::Human) && !printing.quiet {
        options.progress = terminal_progress::TerminalProgress::handle();
    }
    let command = if options.check_only { "check" } else { "build" };
    let outcome = |success: bool, pages: usize, assets: usize, output: Option<String>| Outcome {
        unchanged: false,
        kept_pages: 0,
        success,
        command,
        pages,
        assets,
        errors: 0,
        warnings: 0,
        notes: 0,
        elapsed_ms: started.elapsed().as_millis() as u64,
        output,
    };
    let (diags, outcome, code) = match build(&options) {
        Ok(summary) => {
            let output = (!options.check_only).then(|| summary.output.display().to_string());
            let done = Outcome {
                unchanged: summary.unchanged,
                kept_pages: summary.kept_pages,
                ..outcome(true, summary.pages, summary.assets, output)
            };
            (summary.warnings, done, ExitCode::SUCCESS)
        }
        Err(failed) => {
            // Only problems outside the site (the output folder cannot be written): exit 2.
            let outside = failed
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .all(|d| d.code() == Code::Output);
            let code = if outside {
                EXIT_OUTSIDE
            } else {
                EXIT_SITE_ERRORS
            };
            (
                failed.diagnostics,
                outcome(false, 0, 0, None),
                ExitCode::from(code),
            )
        }
    };
    let outcome = outcome.counting(&diags);
    let shown: Vec<Diagnostic> = match printing.quiet {
        true => diags
            .into_iter()
            .filter(|d| d.severity != Severity::Note)
            .collect(),
        false => diags,
    };
    let result = match format {
        Format::Human => print_human(&shown, &outcome, printing),
        Format::Json | Format::Github => {
            let machine = match format {
                Format::Json => MessageFormat::Json,
                _ => MessageFormat::Github,
            };
            report::write(
                &mut std::io::stdout().lock(),
                machine,
                &shown,
                &outcome,
                false,
            )
        }
    };
    if result.is_err() {
        return ExitCode::from(EXIT_OUTSIDE);
    }
    code
}

/// People read diagnostics on stderr; a successful build's one line goes to stdout.
fn print_human(
    diags: &[Diagnostic],
    outcome: &Outcome,
    printing: &Printing,
) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    for d in diags {
        writeln!(err, "{}\n", report::human(d, printing.color))?;
    }
    if printing.verbose {
        writeln!(
            err,
            "{} errors, {} warnings, {} notes; {} pages, {} assets",
            outcome.errors, outcome.warnings, outcome.notes, outcome.pages, outcome.assets
        )?;
    }
    let line = report::summary_line(outcome);
    match (outcome.success, printing.quiet) {
        (true, true) => Ok(()),
        (true, false) => writeln!(std::io::stdout().lock(), "{line}"),
        (false, _) => writeln!(err, "{line}"),
    }
}
