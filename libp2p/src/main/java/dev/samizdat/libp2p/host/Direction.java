package dev.samizdat.libp2p.host;

/** Who opened a connection or stream. */
public enum Direction {
  /** The remote dialled us / opened the stream. */
  INBOUND,
  /** We dialled / opened it. */
  OUTBOUND
}
