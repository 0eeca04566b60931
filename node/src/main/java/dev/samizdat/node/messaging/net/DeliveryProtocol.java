package dev.samizdat.node.messaging.net;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.ProtocolViolationException;
import dev.samizdat.node.messaging.proto.MessagingProtos.DeliverRequest;
import dev.samizdat.node.messaging.proto.MessagingProtos.DeliverResponse;
import dev.samizdat.node.messaging.proto.MessagingProtos.DeliverResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /samizdat/msg/1.0.0} codec (messaging.proto): a request carries encrypted frames from
 * the stream's authenticated remote peer, the answer says for each whether it was stored. Pure:
 * bytes in, values out.
 */
public final class DeliveryProtocol {
  public static final String PROTOCOL_ID = "/samizdat/msg/1.0.0";
  static final int MAX_ERROR_CHARS = 200;
  /** An answer is a status and a short error text per frame (UTF-8: up to 4 bytes a char). */
  public static final int MAX_RESPONSE_BYTES = MessagingLimits.MAX_FRAMES_PER_REQUEST * (MAX_ERROR_CHARS * 4 + 16);
  /** What a frame adds to a request beyond its bytes: a field tag and a length of up to 3 bytes. */
  private static final int FRAME_FIELD_OVERHEAD = 4;

  private DeliveryProtocol() {}

  /**
   * How many of {@code frameSizes}, from the first, one request carries: at most
   * {@link MessagingLimits#MAX_FRAMES_PER_REQUEST} and {@link MessagingLimits#MAX_DELIVER_REQUEST_BYTES},
   * and always at least one.
   */
  public static int framesThatFit(List<Integer> frameSizes) {
    int count = 0;
    long bytes = 0;
    for (int size : frameSizes) {
      bytes += size + FRAME_FIELD_OVERHEAD;
      if (count == MessagingLimits.MAX_FRAMES_PER_REQUEST
          || (count > 0 && bytes > MessagingLimits.MAX_DELIVER_REQUEST_BYTES)) {
        break;
      }
      count++;
    }
    return count;
  }

  public static byte[] encodeRequest(List<byte[]> frames) {
    DeliverRequest.Builder b = DeliverRequest.newBuilder();
    frames.forEach(f -> b.addFrames(ByteString.copyFrom(f)));
    return b.build().toByteArray();
  }

  /** @throws ProtocolViolationException not a request, no frames or too many, or an empty or oversized frame */
  public static List<byte[]> decodeRequest(byte[] request) {
    if (request.length > MessagingLimits.MAX_DELIVER_REQUEST_BYTES) {
      throw new ProtocolViolationException("delivery request of " + request.length + " bytes exceeds "
          + MessagingLimits.MAX_DELIVER_REQUEST_BYTES);
    }
    DeliverRequest parsed;
    try {
      parsed = DeliverRequest.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("delivery request is not a DeliverRequest: " + e.getMessage());
    }
    int count = parsed.getFramesCount();
    if (count == 0 || count > MessagingLimits.MAX_FRAMES_PER_REQUEST) {
      throw new ProtocolViolationException("delivery request carries " + count + " frames, not 1.."
          + MessagingLimits.MAX_FRAMES_PER_REQUEST);
    }
    List<byte[]> frames = new ArrayList<>(count);
    for (ByteString frame : parsed.getFramesList()) {
      if (frame.isEmpty() || frame.size() > MessagingLimits.MAX_FRAME_BYTES) {
        throw new ProtocolViolationException("a frame of " + frame.size() + " bytes is outside 1.."
            + MessagingLimits.MAX_FRAME_BYTES);
      }
      frames.add(frame.toByteArray());
    }
    return frames;
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

  public static byte[] encodeResponse(List<DeliveryResult> results) {
    DeliverResponse.Builder b = DeliverResponse.newBuilder();
    for (DeliveryResult result : results) {
      DeliverResult.Builder r = b.addResultsBuilder();
      if (result instanceof DeliveryResult.Accepted) {
        r.setStatus(DeliverResult.Status.ACCEPTED);
      } else if (result instanceof DeliveryResult.Duplicate) {
        r.setStatus(DeliverResult.Status.DUPLICATE);
      } else if (result instanceof DeliveryResult.Rejected rejected) {
        r.setStatus(DeliverResult.Status.REJECTED).setError(truncate(rejected.reason()));
      } else if (result instanceof DeliveryResult.SessionStartRefused refused) {
        r.setStatus(DeliverResult.Status.SESSION_START_REFUSED).setError(truncate(refused.reason()));
      } else if (result instanceof DeliveryResult.Unavailable unavailable) {
        r.setStatus(DeliverResult.Status.UNAVAILABLE).setError(truncate(unavailable.reason()));
      } else {
        throw new IllegalArgumentException("a recipient never answers " + result);
      }
    }
    return b.build().toByteArray();
  }

  /**
   * @throws ProtocolViolationException the answer is not a DeliverResponse with {@code expected}
   *     results, each with a known status
   */
  public static List<DeliveryResult> decodeResponse(byte[] response, int expected) {
    if (response.length > MAX_RESPONSE_BYTES) {
      throw new ProtocolViolationException("delivery answer of " + response.length + " bytes");
    }
    DeliverResponse parsed;
    try {
      parsed = DeliverResponse.parseFrom(response);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("delivery answer is not a DeliverResponse: " + e.getMessage());
    }
    if (parsed.getResultsCount() != expected) {
      throw new ProtocolViolationException("delivery answer has " + parsed.getResultsCount() + " results for "
          + expected + " frames");
    }
    List<DeliveryResult> results = new ArrayList<>(expected);
    for (DeliverResult r : parsed.getResultsList()) {
      results.add(switch (r.getStatus()) {
        case ACCEPTED -> new DeliveryResult.Accepted();
        case DUPLICATE -> new DeliveryResult.Duplicate();
        case REJECTED -> new DeliveryResult.Rejected(truncate(r.getError()));
        case SESSION_START_REFUSED -> new DeliveryResult.SessionStartRefused(truncate(r.getError()));
        case UNAVAILABLE -> new DeliveryResult.Unavailable(truncate(r.getError()));
        case STATUS_UNSPECIFIED -> throw new ProtocolViolationException("delivery answer has a result without status");
        // A status added after this version: not a refusal this node understands, so the frame is offered again.
        case UNRECOGNIZED -> new DeliveryResult.Unavailable("answered with status " + r.getStatusValue()
            + ", which this version does not know");
      });
    }
    return results;
  }

  static String truncate(String text) {
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
  }
}
