package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.multistream.MultistreamDialer;
import dev.samizdat.libp2p.multistream.MultistreamListener;
import dev.samizdat.libp2p.multistream.NegotiationStep;
import java.util.Collection;
import java.util.List;

/** Adapts the multistream-select state machines to {@link Negotiator}. */
final class Multistream {
  private Multistream() {}

  static Negotiator dialer(List<String> protocols) {
    MultistreamDialer dialer = new MultistreamDialer(protocols);
    return new Negotiator() {
      @Override
      public byte[] start() {
        return dialer.start();
      }

      @Override
      public NegotiationStep receive(byte[] in, int offset, int length) {
        return dialer.receive(in, offset, length);
      }
    };
  }

  /** A listener for a snapshot of {@code supported}; it answers {@code ls} with that list. */
  static Negotiator listener(Collection<String> supported) {
    MultistreamListener listener = new MultistreamListener(List.copyOf(supported), true);
    return new Negotiator() {
      @Override
      public byte[] start() {
        return new byte[0];
      }

      @Override
      public NegotiationStep receive(byte[] in, int offset, int length) {
        return listener.receive(in, offset, length);
      }
    };
  }
}
