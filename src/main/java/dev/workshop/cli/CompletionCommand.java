package dev.workshop.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Print a completion script for your shell (commands, options, lab names), generated from the commands themselves.",
                "The script works in bash, and in zsh through bashcompinit, which it loads itself."},
        footer = {"", "Examples (install it once):",
                "  workshop completion bash > ~/.workshop-completion.bash && echo 'source ~/.workshop-completion.bash' >> ~/.bashrc",
                "  workshop completion zsh > ~/.workshop-completion.zsh && echo 'source ~/.workshop-completion.zsh' >> ~/.zshrc",
                "Inside 'workshop shell' completion needs no setup."})
final class CompletionCommand extends BaseCommand {
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        // picocli's script is bash; under zsh it loads compinit and bashcompinit itself and then runs unchanged.
        String script = AutoComplete.bash("workshop", root);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
