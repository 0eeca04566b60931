package dev.samizdat.node.messaging.net;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.ProtocolViolationException;
import dev.samizdat.node.messaging.proto.MessagingProtos.DeliverRequest;
import dev.samizdat.node.messaging.proto.MessagingProtos.DeliverResponse;

/**
 * The {@code /samizdat/msg/1.0.0} codec (messaging.proto): a request carries one sealed envelope,
 * the answer says whether it was stored. Pure: bytes in, values out.
 */
public final class DeliveryProtocol {
  public static final String PROTOCOL_ID = "/samizdat/msg/1.0.0";
  /** An answer is a status and a short error text. */
  public static final int MAX_RESPONSE_BYTES = 1024;
  static final int MAX_ERROR_CHARS = 200;

  private DeliveryProtocol() {}

  public static byte[] encodeRequest(byte[] envelope) {
    return DeliverRequest.newBuilder().setEnvelope(ByteString.copyFrom(envelope)).build().toByteArray();
  }

  /** @throws ProtocolViolationException not a request, or its envelope is empty or oversized */
  public static byte[] decodeRequest(byte[] request) {
    if (request.length > MessagingLimits.MAX_REQUEST_FRAME_BYTES) {
      throw new ProtocolViolationException("delivery request of " + request.length + " bytes exceeds "
          + MessagingLimits.MAX_REQUEST_FRAME_BYTES);
    }
    DeliverRequest parsed;
    try {
      parsed = DeliverRequest.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("delivery request is not a DeliverRequest: " + e.getMessage());
    }
    return checkEnvelope(parsed.getEnvelope());
  }

  static byte[] checkEnvelope(ByteString envelope) {
    if (envelope.isEmpty()) {
      throw new ProtocolViolationException("the request carries no envelope");
    }
    if (envelope.size() > MessagingLimits.MAX_ENVELOPE_BYTES) {
      throw new ProtocolViolationException("envelope of " + envelope.size() + " bytes exceeds "
          + MessagingLimits.MAX_ENVELOPE_BYTES);
    }
    return envelope.toByteArray();
  }

  public static byte[] encodeResponse(DeliveryResult result) {
    DeliverResponse.Builder b = DeliverResponse.newBuilder();
    if (result instanceof DeliveryResult.Accepted) {
      b.setStatus(DeliverResponse.Status.ACCEPTED);
    } else if (result instanceof DeliveryResult.Duplicate) {
      b.setStatus(DeliverResponse.Status.DUPLICATE);
    } else if (result instanceof DeliveryResult.Rejected r) {
      b.setStatus(DeliverResponse.Status.REJECTED).setError(truncate(r.reason()));
    } else {
      throw new IllegalArgumentException("an unreachable result is never sent");
    }
    return b.build().toByteArray();
  }

  /** @throws ProtocolViolationException the answer is not a DeliverResponse with a known status */
  public static DeliveryResult decodeResponse(byte[] response) {
    if (response.length > MAX_RESPONSE_BYTES) {
      throw new ProtocolViolationException("delivery answer of " + response.length + " bytes");
    }
    DeliverResponse parsed;
    try {
      parsed = DeliverResponse.parseFrom(response);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("delivery answer is not a DeliverResponse: " + e.getMessage());
    }
    return switch (parsed.getStatus()) {
      case ACCEPTED -> new DeliveryResult.Accepted();
      case DUPLICATE -> new DeliveryResult.Duplicate();
      case REJECTED -> new DeliveryResult.Rejected(truncate(parsed.getError()));
      default -> throw new ProtocolViolationException("delivery answer has no known status");
    };
  }

  static String truncate(String text) {
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
  }
}
