package dev.kplane.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/kplane: the one command that runs kplane and each of its components. */
@Command(name = "kplane", mixinStandardHelpOptions = true, version = "kplane 0.1.0",
    description = "A Kubernetes-compatible control plane whose database is Apache Kafka.",
    subcommands = {UpCommand.class, ApiServerCommand.class, ControllersCommand.class,
        SchedulerCommand.class, KubeletCommand.class, ProxyCommand.class, DnsCommand.class,
        CommandLine.HelpCommand.class})
public final class Kplane {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Kplane()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
