package dev.samizdat.node.messaging.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.node.messaging.ProtocolViolationException;

/** Decoders of untrusted input either decode or throw ProtocolViolationException, nothing else. */
class ProtocolFuzzTest {
  @FuzzTest
  void frameDecoder(FuzzedDataProvider data) {
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(data.consumeInt(0, 1 << 16));
    try {
      while (data.remainingBytes() > 0) {
        byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
        decoder.feed(chunk, 0, chunk.length);
        while (decoder.next().isPresent()) {
          // drain
        }
      }
    } catch (ProtocolViolationException expected) {
      // refused input
    }
  }

  @FuzzTest
  void deliveryRequestsAndAnswers(byte[] input) {
    try {
      DeliveryProtocol.decodeRequest(input);
    } catch (ProtocolViolationException expected) {
      // refused input
    }
    try {
      DeliveryProtocol.decodeResponse(input, 1);
    } catch (ProtocolViolationException expected) {
      // refused input
    }
  }

  @FuzzTest
  void mailboxRequestsAndAnswers(byte[] input) {
    try {
      MailboxProtocol.decodeRequest(input);
    } catch (ProtocolViolationException expected) {
      // refused input
    }
    try {
      MailboxProtocol.decodeResponse(input);
    } catch (ProtocolViolationException expected) {
      // refused input
    }
  }
}
