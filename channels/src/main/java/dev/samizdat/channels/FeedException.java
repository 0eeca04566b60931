package dev.samizdat.channels;

/** The channels module's error family: a feed entry, manifest or rule that cannot be accepted. */
public class FeedException extends RuntimeException {
  public FeedException(String message) {
    super(message);
  }
}
