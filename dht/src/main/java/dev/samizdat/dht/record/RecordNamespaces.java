package dev.samizdat.dht.record;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validator and selector of each key namespace: the {@code ns} of a key {@code /ns/…}. A key
 * outside every registered namespace is refused, as go and js refuse it. Immutable, thread-safe.
 */
public final class RecordNamespaces {
  /** Namespaces are short words; a longer "namespace" is not one. */
  public static final int MAX_NAMESPACE_LENGTH = 32;

  public record Rules(Validator validator, Selector selector) {}

  private final Map<String, Rules> rules;

  public RecordNamespaces(Map<String, Rules> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** The namespace of {@code key}: the bytes between its leading '/' and the next '/'. */
  public static Optional<String> namespaceOf(byte[] key) {
    if (key.length < 3 || key[0] != '/') {
      return Optional.empty();
    }
    int end = -1;
    for (int i = 1; i < key.length && i <= MAX_NAMESPACE_LENGTH + 1; i++) {
      if (key[i] == '/') {
        end = i;
        break;
      }
    }
    if (end <= 1) {
      return Optional.empty();
    }
    return Optional.of(new String(key, 1, end - 1, StandardCharsets.US_ASCII));
  }

  public void validate(byte[] key, byte[] value, long nowMillis) {
    rulesFor(key).validator().validate(key, value, nowMillis);
  }

  public int select(byte[] key, List<byte[]> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("nothing to select from");
    }
    int i = rulesFor(key).selector().select(key, values);
    if (i < 0 || i >= values.size()) {
      throw new IllegalStateException("selector returned index " + i + " of " + values.size());
    }
    return i;
  }

  public boolean knows(byte[] key) {
    return namespaceOf(key).map(rules::containsKey).orElse(false);
  }

  private Rules rulesFor(byte[] key) {
    String ns = namespaceOf(key).orElseThrow(
        () -> new InvalidRecordException("record key has no /namespace/ prefix"));
    Rules r = rules.get(ns);
    if (r == null) {
      throw new InvalidRecordException("no validator for record namespace /" + ns + "/");
    }
    return r;
  }
}
