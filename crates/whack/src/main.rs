//! whack: sends one request to pluto over its control socket and reports the answer.
//!
//! The argument syntax is the manual's (`parse`), the conversation is `session`, and the
//! exit status follows the manual's last section (`whack_proto::exit_status`).
#![deny(unsafe_code)] // allowed only in tty.rs (termios)
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod options;
mod parse;
mod session;
mod tty;
mod usage;

use std::io::{self, Write};
use std::process::ExitCode;

use parse::Action;
use whack_proto::WHACK_PROBLEM_EXIT;

/// `--label` as given, looked up without the full parser so that even a usage error
/// carries it.
fn label_of(args: &[String]) -> Option<String> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--label" {
            return it.next().cloned();
        }
        if let Some(v) = a.strip_prefix("--label=") {
            return Some(v.to_owned());
        }
    }
    None
}

fn problem(label: Option<&str>, msg: &dyn std::fmt::Display) -> ExitCode {
    match label {
        Some(l) => eprintln!("whack: {l}: {msg}"),
        None => eprintln!("whack: {msg}"),
    }
    ExitCode::from(WHACK_PROBLEM_EXIT)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inv = match parse::parse(&args) {
        Ok(inv) => inv,
        Err(e) => return problem(label_of(&args).as_deref(), &e),
    };
    let label = inv.label.as_deref();
    match inv.action {
        Action::Help => {
            print!("{}", usage::USAGE);
            ExitCode::SUCCESS
        }
        Action::Version => {
            println!("{}", usage::version());
            ExitCode::SUCCESS
        }
        Action::Send(request) => {
            let mut prompter = match &request {
                whack_proto::Request::Initiate(i) => session::TerminalPrompter {
                    user: i.xauth_user.clone(),
                    password: i.xauth_pass.clone(),
                },
                _ => session::TerminalPrompter::default(),
            };
            let stdout = io::stdout();
            let mut out = stdout.lock();
            let result = session::run(&inv.socket, &request, &mut prompter, &mut out);
            let _ = out.flush();
            match result {
                Ok(status) => ExitCode::from(status),
                Err(e) => problem(label, &e),
            }
        }
    }
}
