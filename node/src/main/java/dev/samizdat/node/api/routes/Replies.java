package dev.samizdat.node.api.routes;

import dev.samizdat.libp2p.Libp2pException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.api.ApiServer;
import dev.samizdat.node.messaging.MessagingException;
import dev.samizdat.node.messaging.net.Failures;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Small helpers the route classes share: JSON bodies, answers, and failures mapped to statuses. */
public final class Replies {
  private Replies() {}

  /**
   * Vert.x's own parser refuses strings over 20 million characters: a file of 15 MB, base64-encoded
   * in a post, is longer. The server's body limits bound every string already.
   */
  private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
      .maxStringLength((int) ApiServer.MAX_UPLOAD_REQUEST_BYTES).build()).build();

  /** The request body as a JSON object; 400 when it is missing, not JSON, or JSON but not an object. */
  public static JsonObject body(RoutingContext context) {
    Buffer bytes = context.body().buffer();
    if (bytes == null || bytes.length() == 0) {
      throw ApiException.badRequest("the request needs a JSON object body");
    }
    Object value;
    try (JsonParser parser = JSON.createParser(bytes.getBytes())) {
      value = JacksonCodec.fromParser(parser, Object.class);
    } catch (IOException | RuntimeException e) {
      throw ApiException.badRequest("the request body is not valid JSON");
    }
    if (value instanceof JsonObject object) {
      object.forEach(field -> refuseUnpairedSurrogates(field.getKey(), field.getValue()));
      return object;
    }
    if (value instanceof Map<?, ?> fields) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) fields;
      object.forEach(Replies::refuseUnpairedSurrogates);
      return new JsonObject(object);
    }
    if (value == null) {
      throw ApiException.badRequest("the request needs a JSON object body");
    }
    throw ApiException.badRequest("the request body must be a JSON object ({...}), not an array or a single value");
  }

  /**
   * 400 when a string in {@code value} (the body's field {@code field}) holds half of a surrogate pair
   * alone, which JSON's escapes allow ("\\ud800"): such a string has no UTF-8 form, and encoding it
   * for storage or the wire would put '?' in its place without a word.
   */
  private static void refuseUnpairedSurrogates(String field, Object value) {
    if (value instanceof String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw ApiException.badRequest(String.format("'%s' is not valid Unicode text: it holds \\u%04x, half of a"
              + " surrogate pair without the other half", field, (int) c));
        }
      }
    } else if (value instanceof JsonObject object) {
      object.forEach(nested -> refuseUnpairedSurrogates(field, nested.getValue()));
    } else if (value instanceof Map<?, ?> object) {
      object.values().forEach(nested -> refuseUnpairedSurrogates(field, nested));
    } else if (value instanceof Iterable<?> array) { // a JsonArray or a List
      array.forEach(nested -> refuseUnpairedSurrogates(field, nested));
    }
  }

  /**
   * A JSON value that is a whole number ≥ 0 within a {@code long}; else 400 with {@code refusal}. JSON
   * decodes larger integers as {@code BigInteger} and fractions as {@code Double}: neither is taken
   * (their {@code longValue()} would wrap or truncate).
   */
  public static long nonNegativeWhole(Object value, String refusal) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw ApiException.badRequest(refusal);
  }

  /** A field that may be left out; present, it must be a string (JSON would otherwise turn {"a":1} into "{a=1}"). */
  public static Optional<String> optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    return Optional.ofNullable((String) value);
  }

  public static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw ApiException.badRequest("'" + field + "' is required and must be a non-empty string");
    }
    return s;
  }

  public static void json(RoutingContext context, int status, JsonObject body) {
    context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /**
   * A handler for {@code blockingHandler}: runs {@code action} (on a worker thread), answers 200 (or
   * {@code status}) with its result, and maps messaging errors to 400.
   */
  public static Handler<RoutingContext> blocking(int status, Function<RoutingContext, JsonObject> action) {
    return context -> {
      JsonObject result;
      try {
        result = action.apply(context);
      } catch (MessagingException e) {
        throw ApiException.badRequest(e.getMessage());
      }
      json(context, status, result);
    };
  }

  /**
   * Answers with the future's result when it completes, on the request's context. A network failure
   * is 503 with its reason.
   */
  public static Handler<RoutingContext> async(Function<RoutingContext, CompletableFuture<JsonObject>> action) {
    return async(200, Replies::mapNetworkFailure, action);
  }

  /**
   * Answers {@code status} with the future's result when it completes, on the request's context; a
   * failure goes, through {@code failureMapping}, to the API's error mapping.
   */
  public static Handler<RoutingContext> async(int status, Function<Throwable, Throwable> failureMapping,
      Function<RoutingContext, CompletableFuture<JsonObject>> action) {
    return context -> {
      Context vertxContext = context.vertx().getOrCreateContext();
      CompletableFuture<JsonObject> future;
      try {
        future = action.apply(context);
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      future.whenComplete((result, failure) -> vertxContext.runOnContext(v -> {
        if (failure == null) {
          json(context, status, result);
        } else {
          context.fail(failureMapping.apply(failure));
        }
      }));
    };
  }

  /**
   * The failure as the API answers it: an {@link ApiException} as it is, a network failure or timeout
   * 503 with its reason, a refusal by messaging 400; anything else is left to the API's error mapping.
   */
  public static Throwable mapNetworkFailure(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof ApiException) {
      return cause;
    }
    if (cause instanceof Libp2pException || cause instanceof TimeoutException) {
      return new ApiException(503, describe(cause));
    }
    if (cause instanceof MessagingException) {
      return ApiException.badRequest(cause.getMessage());
    }
    return cause;
  }

  private static String describe(Throwable cause) {
    return cause instanceof TimeoutException ? "the network did not answer in time" : Failures.describe(cause);
  }
}
