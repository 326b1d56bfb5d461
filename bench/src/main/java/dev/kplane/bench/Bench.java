package dev.kplane.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/kplane bench: benchmarks that print one line per case and a RESULT summary line. */
@Command(name = "kplane bench", mixinStandardHelpOptions = true,
    description = "Benchmarks of kplane. Each prints one line per case and ends with a RESULT line.",
    subcommands = {StoreBench.class, SchedulerBench.class, ProxyBench.class, ControllersBench.class, PodStartupBench.class,
        CommandLine.HelpCommand.class})
public final class Bench {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }
}
