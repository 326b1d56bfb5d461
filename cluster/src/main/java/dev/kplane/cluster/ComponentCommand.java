package dev.kplane.cluster;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Components whose issues are still open. They exist as commands so that operators see the whole shape of
 * kplane, and say plainly that they do not run yet.
 */
abstract class ComponentCommand implements Callable<Integer> {
  @Option(names = "--kafka", description = "Kafka bootstrap servers")
  String kafka;

  abstract String what();

  @Override
  public Integer call() {
    System.err.println("kplane: the " + what() + " is not implemented yet (see the open issues); nothing was started.");
    return 2;
  }

  @Command(name = "kubelet", mixinStandardHelpOptions = true, description = "The node agent (not implemented yet).")
  static final class Kubelet extends ComponentCommand {
    String what() {
      return "kubelet";
    }
  }
}
