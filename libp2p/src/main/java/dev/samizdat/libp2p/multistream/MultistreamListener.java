package dev.samizdat.libp2p.multistream;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The responder's side of multistream-select 1.0.0, free of I/O. It answers the dialer's header with
 * its own, echoes the first proposal it supports, answers {@code na} to the others and, if enabled,
 * the protocol list to {@code ls}. Answers to messages that arrive together leave together, so a
 * pipelined header and proposal get their header and echo in one write.
 *
 * <p>Not thread-safe: one stream, one caller at a time.
 */
public final class MultistreamListener {
  /**
   * Proposals and {@code ls} requests accepted before giving up. A dialer offers the few versions of
   * one protocol it knows; a peer trying more is probing us or wasting our time.
   */
  public static final int MAX_ATTEMPTS = 16;

  private enum State { AWAIT_HEADER, AWAIT_PROPOSAL, DONE }

  private final Set<String> supported;
  private final boolean answerLs;
  private final InboundBuffer inbound = new InboundBuffer();
  private State state = State.AWAIT_HEADER;
  private int attempts;

  /**
   * @param supported the protocols we serve, in the order {@code ls} lists them
   * @param answerLs whether to answer {@code ls} with that list (the spec makes it optional); when
   *     false, {@code ls} gets {@code na}
   */
  public MultistreamListener(Collection<String> supported, boolean answerLs) {
    for (String p : supported) {
      MultistreamCodec.requireValidText(p);
    }
    this.supported = new LinkedHashSet<>(supported);
    this.answerLs = answerLs;
  }

  public NegotiationStep receive(byte[] in) {
    return receive(in, 0, in.length);
  }

  /**
   * Consumes inbound bytes, split anywhere.
   *
   * @throws ProtocolViolationException when the first message is not the header, a message is
   *     malformed, or the dialer makes more than {@link #MAX_ATTEMPTS} attempts
   */
  public NegotiationStep receive(byte[] in, int offset, int length) {
    if (state == State.DONE) {
      throw new IllegalStateException("negotiation is over");
    }
    ByteBuffer buffer = inbound.append(in, offset, length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      Optional<String> message = MultistreamCodec.decode(buffer);
      if (message.isEmpty()) {
        inbound.keep(buffer);
        return new NegotiationStep.Continue(out.toByteArray());
      }
      String text = message.get();
      if (state == State.AWAIT_HEADER) {
        if (!text.equals(MultistreamCodec.PROTOCOL_ID)) {
          state = State.DONE;
          throw new ProtocolViolationException("expected " + MultistreamCodec.PROTOCOL_ID + ", got '" + text + "'");
        }
        MultistreamCodec.encode(MultistreamCodec.PROTOCOL_ID, out);
        state = State.AWAIT_PROPOSAL;
        continue;
      }
      if (supported.contains(text)) {
        MultistreamCodec.encode(text, out);
        state = State.DONE;
        return new NegotiationStep.Agreed(text, out.toByteArray(), InboundBuffer.rest(buffer));
      }
      if (++attempts > MAX_ATTEMPTS) {
        state = State.DONE;
        throw new ProtocolViolationException("dialer made more than " + MAX_ATTEMPTS + " proposals without agreement");
      }
      if (text.equals(MultistreamCodec.LS) && answerLs) {
        out.writeBytes(MultistreamCodec.encodeList(supported));
      } else {
        MultistreamCodec.encode(MultistreamCodec.NA, out);
      }
    }
  }
}
