package dev.samizdat.libp2p.multistream;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The initiator's side of multistream-select 1.0.0, free of I/O. {@link #start()} gives the header
 * and the first proposal in one write, as the spec recommends ("Implementation Recommendations")
 * and go- and js-libp2p do; each {@code na} brings the next proposal, and when none is left the
 * result is {@link NegotiationStep.NoCommonProtocol}.
 *
 * <p>Not thread-safe: one stream, one caller at a time.
 */
public final class MultistreamDialer {
  private enum State { NEW, AWAIT_HEADER, AWAIT_ANSWER, DONE }

  private final List<String> proposals;
  private final InboundBuffer inbound = new InboundBuffer();
  private State state = State.NEW;
  private int current;

  /**
   * @param proposals the protocols to try, most preferred first
   * @throws IllegalArgumentException when the list is empty or a protocol id cannot be sent
   */
  public MultistreamDialer(List<String> proposals) {
    if (proposals.isEmpty()) {
      throw new IllegalArgumentException("nothing to propose");
    }
    for (String p : proposals) {
      MultistreamCodec.requireValidText(p);
    }
    this.proposals = List.copyOf(proposals);
  }

  /** The bytes that open the negotiation: header and first proposal. Call once, first. */
  public byte[] start() {
    if (state != State.NEW) {
      throw new IllegalStateException("negotiation already started");
    }
    state = State.AWAIT_HEADER;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MultistreamCodec.encode(MultistreamCodec.PROTOCOL_ID, out);
    MultistreamCodec.encode(proposals.get(0), out);
    return out.toByteArray();
  }

  public NegotiationStep receive(byte[] in) {
    return receive(in, 0, in.length);
  }

  /**
   * Consumes inbound bytes, split anywhere.
   *
   * @throws ProtocolViolationException when the remote sends anything but the header, then an echo
   *     of our proposal or {@code na}
   */
  public NegotiationStep receive(byte[] in, int offset, int length) {
    if (state == State.NEW) {
      throw new IllegalStateException("call start() first");
    }
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
        state = State.AWAIT_ANSWER;
        continue;
      }
      String proposal = proposals.get(current);
      if (text.equals(proposal)) {
        state = State.DONE;
        return new NegotiationStep.Agreed(proposal, out.toByteArray(), InboundBuffer.rest(buffer));
      }
      if (!text.equals(MultistreamCodec.NA)) {
        state = State.DONE;
        throw new ProtocolViolationException("remote answered '" + text + "' to the proposal '" + proposal + "'");
      }
      if (++current == proposals.size()) {
        state = State.DONE;
        return new NegotiationStep.NoCommonProtocol(
            "no common protocol: the remote refused " + String.join(", ", proposals), out.toByteArray());
      }
      MultistreamCodec.encode(proposals.get(current), out);
    }
  }
}
