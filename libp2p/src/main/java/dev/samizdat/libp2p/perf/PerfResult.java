package dev.samizdat.libp2p.perf;

/** One perf run: bytes each way and how long the upload and the whole exchange took. */
public record PerfResult(long uploadBytes, long downloadBytes, long uploadNanos, long totalNanos) {

  /** Bytes moved in both directions per second over the whole exchange. */
  public double bytesPerSecond() {
    return (uploadBytes + downloadBytes) * 1e9 / Math.max(1, totalNanos);
  }
}
