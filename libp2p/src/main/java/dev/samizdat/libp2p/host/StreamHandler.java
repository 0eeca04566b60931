package dev.samizdat.libp2p.host;

/**
 * Serves one protocol on inbound streams. Called on the connection's context once negotiation has
 * finished; the handler owns the stream from then on (and must end it). Must not block; an exception
 * thrown here resets the stream.
 */
@FunctionalInterface
public interface StreamHandler {
  void handle(Stream stream);
}
