package dev.samizdat.dht.message;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The kad-dht {@code Record}: a key, an opaque value and the time the sender received it (set by
 * the receiver; absent when the sender did not say or said it in a form we cannot parse).
 * Immutable: arrays are copied in and out.
 */
public final class DhtRecord {
  private final byte[] key;
  private final byte[] value;
  private final Instant timeReceived;

  public DhtRecord(byte[] key, byte[] value, Instant timeReceived) {
    this.key = key.clone();
    this.value = value.clone();
    this.timeReceived = timeReceived;
  }

  public static DhtRecord of(byte[] key, byte[] value) {
    return new DhtRecord(key, value, null);
  }

  public byte[] key() {
    return key.clone();
  }

  public byte[] value() {
    return value.clone();
  }

  public int valueLength() {
    return value.length;
  }

  public Optional<Instant> timeReceived() {
    return Optional.ofNullable(timeReceived);
  }

  public DhtRecord withTimeReceived(Instant time) {
    return new DhtRecord(key, value, time);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhtRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value)
        && Objects.equals(timeReceived, r.timeReceived);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "DhtRecord[key=" + key.length + " bytes, value=" + value.length + " bytes, received="
        + timeReceived + "]";
  }
}
