package dev.samizdat.dht.record;

/**
 * Decides whether a record may be stored or believed (kad-dht spec, "Entry validation"). Pure and
 * thread-safe.
 */
public interface Validator {
  /**
   * @throws InvalidRecordException saying why the record is not valid at {@code nowMillis}
   */
  void validate(byte[] key, byte[] value, long nowMillis);
}
