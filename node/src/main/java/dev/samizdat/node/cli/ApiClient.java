package dev.samizdat.node.cli;

import dev.samizdat.node.home.FileErrors;
import dev.samizdat.node.home.NodeHome;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;

/** The CLI's client of a running node's local API, found through the node's home. */
final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** Long enough for a DHT lookup or a ping across the network, which the node bounds itself. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private static final int HTTP_URI_TOO_LONG = 414;

  private final URI base;
  private final String token;
  /** What the user's command said of its home, repeated in the commands a hint suggests. */
  private final String homeArgument;
  private final HttpClient http;

  private ApiClient(URI base, String token, String homeArgument) {
    this.base = base;
    this.token = token;
    this.homeArgument = homeArgument;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  static ApiClient forHome(NodeHome home, String homeArgument) {
    String address;
    try {
      address = Files.readString(home.apiAddressFile(), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      throw new CliException("no node is running with home " + home.directory()
          + ", or it is still starting (start one with: samizdat up" + homeArgument + ")");
    } catch (IOException e) {
      throw new CliException("cannot read the node's API address " + home.apiAddressFile() + ": "
          + FileErrors.describe(e, home.apiAddressFile()));
    }
    String token;
    try {
      token = Files.readString(home.apiTokenFile(), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      // A running node keeps its token in memory and does not notice the file is gone; its next start writes one.
      throw new CliException("the API token file " + home.apiTokenFile() + " is missing: the CLI cannot talk to"
          + " the node without it (restarting the node writes a new one)");
    } catch (IOException e) {
      throw new CliException("cannot read the node's API token file " + home.apiTokenFile() + ": "
          + FileErrors.describe(e, home.apiTokenFile()));
    }
    return new ApiClient(URI.create("http://" + address), token, homeArgument);
  }

  JsonObject get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  JsonObject post(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  JsonObject put(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  JsonObject delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  /** A file the node sent, with the name it suggested for it. */
  record Download(byte[] content, Optional<String> fileName) {}

  /** GETs {@code path}, whose answer is a file rather than JSON (unless it is an error). */
  Download download(String path) {
    HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(base.resolve(path)).GET(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() >= 400) {
      throw failure(response.statusCode(), parse(new String(response.body(), StandardCharsets.UTF_8),
          response.statusCode()));
    }
    return new Download(response.body(), response.headers().firstValue("Content-Disposition")
        .flatMap(ApiClient::fileName));
  }

  /** The name in {@code attachment; filename*=UTF-8''<percent-encoded>}, as the node writes it. */
  static Optional<String> fileName(String contentDisposition) {
    String marker = "filename*=UTF-8''";
    int at = contentDisposition.indexOf(marker);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(URLDecoder.decode(contentDisposition.substring(at + marker.length()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private JsonObject send(HttpRequest.Builder request) {
    HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == HTTP_URI_TOO_LONG) {
      throw new CliException("the node refused a request this long (a text given as an option goes in the request's"
          + " address): shorten it");
    }
    JsonObject body = parse(response.body(), response.statusCode());
    if (response.statusCode() >= 400) {
      throw failure(response.statusCode(), body);
    }
    return body;
  }

  private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.header("Authorization", "Bearer " + token).timeout(REQUEST_TIMEOUT).build(), handler);
    } catch (ConnectException e) {
      throw new CliException("the node at " + base.getAuthority()
          + " is not running or not reachable (start it with: samizdat up" + homeArgument + ")");
    } catch (java.net.http.HttpTimeoutException e) {
      throw new CliException("the node at " + base.getAuthority() + " did not answer in time");
    } catch (IOException e) {
      throw new CliException("cannot talk to the node at " + base.getAuthority() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private static JsonObject parse(String body, int status) {
    try {
      return body.isEmpty() ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException e) {
      throw new CliException("the node answered with something that is not JSON (HTTP " + status + ")");
    }
  }

  private static CliException failure(int status, JsonObject body) {
    if (status == 401) {
      return new CliException("the node refused the API token: is api.token from another node's home?");
    }
    return new CliException(body.getString("error", "the node answered HTTP " + status));
  }
}
