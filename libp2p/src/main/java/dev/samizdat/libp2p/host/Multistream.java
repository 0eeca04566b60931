package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * multistream-select 1.0.0 (specs: connections/README.md, "Protocol Negotiation") for the Host:
 * uvarint-length-prefixed, newline-terminated messages; the dialer pipelines the header with its
 * first proposal, as js-libp2p does; the listener answers the header, then each proposal with the
 * protocol (accept) or {@code na}. I/O-free.
 */
final class Multistream {
  static final String HEADER = "/multistream/1.0.0";
  static final String NA = "na";
  /** js-libp2p refuses longer messages; a protocol id is a short path. */
  static final int MAX_MESSAGE_LENGTH = 1024;
  /** Proposals a listener answers before deciding the dialer is probing or flooding. */
  static final int MAX_PROPOSALS = 32;

  private Multistream() {}

  static Negotiator dialer(List<String> protocols) {
    return new Dialer(protocols);
  }

  static Negotiator listener(Predicate<String> supported) {
    return new Listener(supported);
  }

  static byte[] encode(String message) {
    byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[Varint.encodedLength(text.length) + text.length];
    int n = Varint.write(text.length, out, 0);
    System.arraycopy(text, 0, out, n, text.length);
    return out;
  }

  /** Collects bytes until one whole message is there; keeps partial input across calls. */
  private abstract static class Base implements Negotiator {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    String agreed;
    boolean headerSeen;

    @Override
    public String agreed() {
      return agreed;
    }

    @Override
    public byte[] onReceived(ByteBuffer in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (agreed == null) {
        String message = next(in);
        if (message == null) {
          break;
        }
        if (!headerSeen) {
          if (!HEADER.equals(message)) {
            throw new ProtocolViolationException("expected the multistream header, got '" + abbreviate(message) + "'");
          }
          headerSeen = true;
          onHeader(out);
        } else {
          onMessage(message, out);
        }
      }
      return out.toByteArray();
    }

    abstract void onHeader(ByteArrayOutputStream out);

    abstract void onMessage(String message, ByteArrayOutputStream out);

    /** The next whole message from the partial bytes plus {@code in}, or null; consumes only what it returns. */
    private String next(ByteBuffer in) {
      while (true) {
        byte[] have = partial.toByteArray();
        ByteBuffer view = ByteBuffer.wrap(have);
        long length = Varint.read(view);
        if (length >= 0) {
          if (length == 0 || length > MAX_MESSAGE_LENGTH) {
            throw new ProtocolViolationException("multistream message of " + length + " bytes");
          }
          int total = view.position() + (int) length;
          if (have.length >= total) {
            partial.reset();
            partial.write(have, total, have.length - total);
            if (have[total - 1] != '\n') {
              throw new ProtocolViolationException("multistream message does not end with a newline");
            }
            return new String(have, view.position(), (int) length - 1, StandardCharsets.UTF_8);
          }
          if (!in.hasRemaining()) {
            return null;
          }
          int take = Math.min(in.remaining(), total - have.length);
          byte[] chunk = new byte[take];
          in.get(chunk);
          partial.writeBytes(chunk);
        } else {
          if (!in.hasRemaining()) {
            return null;
          }
          partial.write(in.get());
        }
      }
    }
  }

  private static final class Dialer extends Base {
    private final List<String> protocols;
    private int proposal;

    Dialer(List<String> protocols) {
      if (protocols.isEmpty()) {
        throw new IllegalArgumentException("no protocol to propose");
      }
      this.protocols = List.copyOf(protocols);
    }

    @Override
    public byte[] start() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(encode(HEADER));
      out.writeBytes(encode(protocols.get(0)));
      return out.toByteArray();
    }

    @Override
    void onHeader(ByteArrayOutputStream out) {}

    @Override
    void onMessage(String message, ByteArrayOutputStream out) {
      String proposed = protocols.get(proposal);
      if (message.equals(proposed)) {
        agreed = proposed;
      } else if (message.equals(NA)) {
        if (++proposal == protocols.size()) {
          throw new Libp2pException("the remote supports none of " + protocols);
        }
        out.writeBytes(encode(protocols.get(proposal)));
      } else {
        throw new ProtocolViolationException("answer to proposal " + proposed + " was '" + abbreviate(message) + "'");
      }
    }
  }

  private static final class Listener extends Base {
    private final Predicate<String> supported;
    private int proposals;

    Listener(Predicate<String> supported) {
      this.supported = supported;
    }

    @Override
    public byte[] start() {
      return new byte[0];
    }

    @Override
    void onHeader(ByteArrayOutputStream out) {
      out.writeBytes(encode(HEADER));
    }

    @Override
    void onMessage(String message, ByteArrayOutputStream out) {
      if (++proposals > MAX_PROPOSALS) {
        throw new ProtocolViolationException("more than " + MAX_PROPOSALS + " multistream proposals");
      }
      if (supported.test(message)) {
        agreed = message;
        out.writeBytes(encode(message));
      } else {
        out.writeBytes(encode(NA));
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
