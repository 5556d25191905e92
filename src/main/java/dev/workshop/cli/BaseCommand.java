package dev.workshop.cli;

import dev.workshop.console.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: output options, the console, and the injected environment. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    Env env() {
        return ((Workshop) spec.root().userObject()).env();
    }

    Console console() {
        return output.console();
    }
}
