package dev.samizdat.node.messaging.net;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.node.messaging.ProtocolViolationException;

/** Decoders of untrusted input either decode or throw ProtocolViolationException, nothing else. */
class ProtocolFuzzTest {
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
