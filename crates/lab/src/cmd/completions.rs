//! `rsp-lab completions SHELL`: the shell completion script on stdout (clap_complete), e.g.
//! `rsp-lab completions bash > ~/.local/share/bash-completion/completions/rsp-lab`.

use clap_complete::Shell;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: Shell,
}

/// Writes the script for `args.shell` describing `command`.
pub(crate) fn run(args: Args, mut command: clap::Command) {
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
}
