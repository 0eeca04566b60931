package dev.samizdat.node.config;

/** A setting that cannot be used; the message names it and says why. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
