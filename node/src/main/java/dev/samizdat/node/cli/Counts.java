package dev.samizdat.node.cli;

/** A count with its noun, "1 peer" and "2 peers", for the lines the CLI prints. */
final class Counts {
  private Counts() {}

  static String of(long count, String singular) {
    return count + " " + singular + (count == 1 ? "" : "s");
  }
}
