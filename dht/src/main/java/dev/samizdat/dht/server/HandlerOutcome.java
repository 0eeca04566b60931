package dev.samizdat.dht.server;

import dev.samizdat.dht.message.KadMessage;

/** What to do with a request stream after the handler has looked at the request. */
public sealed interface HandlerOutcome {
  /** Write this response. */
  record Reply(KadMessage response) implements HandlerOutcome {}

  /** The request needs no response (ADD_PROVIDER); close the stream. */
  record NoReply() implements HandlerOutcome {}

  /** A local limit refuses the request; reset the stream, the peer did nothing wrong. */
  record Declined(String reason) implements HandlerOutcome {}

  /**
   * The peer broke the protocol (invalid record, malformed key, providers for someone else…): reset
   * the stream and drop the peer from the routing table.
   */
  record Refused(String reason) implements HandlerOutcome {}
}
