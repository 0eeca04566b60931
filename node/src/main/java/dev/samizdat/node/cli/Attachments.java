package dev.samizdat.node.cli;

import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.Post;
import dev.samizdat.node.api.ApiServer;
import dev.samizdat.node.home.FileErrors;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Files attached to posts on the command line: read to be posted, and saved once downloaded. */
final class Attachments {
  private static final String FALLBACK_NAME = "attachment";
  private static final String FALLBACK_MEDIA_TYPE = "application/octet-stream";

  private Attachments() {}

  /** {@code {data, mediaType, name}} for the posts API; refuses what the node would refuse for its size. */
  static JsonObject read(Path file) {
    if (Files.isDirectory(file)) {
      throw new CliException("cannot attach " + file + ": it is a directory");
    }
    byte[] content;
    try {
      refuseTooLarge(file, Files.size(file));
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + FileErrors.describe(e, file));
    }
    refuseTooLarge(file, content.length);
    if (content.length == 0) {
      throw new CliException("cannot attach " + file + ": it is empty");
    }
    return new JsonObject().put("data", Base64.getEncoder().encodeToString(content))
        .put("mediaType", mediaType(file)).put("name", file.getFileName().toString());
  }

  /**
   * The files of one post together (README "Limits"); they travel base64-encoded in one request of at
   * most {@link ApiServer#MAX_UPLOAD_REQUEST_BYTES}, which has room for them and the rest of the post.
   */
  static final long MAX_TOTAL_BYTES = Post.MAX_FILES_BYTES;

  /** Refuses files that are each small enough but too large together, before reading any of them. */
  static void refuseTooLargeTogether(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        return; // reading it says what is wrong with it
      }
    }
    if (total > MAX_TOTAL_BYTES) {
      throw new CliException("the files add up to " + total + " bytes, and one post carries at most " + MAX_TOTAL_BYTES
          + " bytes of files (18 MiB): post them in several posts");
    }
  }

  private static void refuseTooLarge(Path file, long size) {
    if (size > Blob.MAX_SIZE) {
      throw new CliException("cannot attach " + file + ": it is " + size + " bytes, and a file attached to a post is"
          + " at most " + Blob.MAX_SIZE + " bytes (16 MiB)");
    }
  }

  /** The type the platform knows for the file's name, else plain bytes: the reader's side never trusts it anyway. */
  private static String mediaType(Path file) {
    try {
      String probed = Files.probeContentType(file);
      return probed == null ? FALLBACK_MEDIA_TYPE : probed;
    } catch (IOException e) {
      return FALLBACK_MEDIA_TYPE;
    }
  }

  /**
   * A file name for the current directory from what the author suggested: no directories, no
   * control characters. The node already refuses such names in posts; this does not rely on it.
   */
  static String safeName(Optional<String> suggested) {
    String name = suggested.orElse("");
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.codePoints().filter(c -> c >= 0x20 && c != 0x7F)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    return name.isEmpty() || name.equals(".") || name.equals("..") ? FALLBACK_NAME : name;
  }

  /**
   * Writes {@code content} to {@code target}, which must not exist yet: into a temporary file beside
   * it first, so that a failure leaves no partial file under the target's name. Like the temporary
   * file, the saved one is readable by its owner only.
   */
  static void save(byte[] content, Path target) {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw alreadyExists(target);
    }
    Path directory = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(directory)) {
      throw new CliException("cannot save " + target + ": there is no directory " + directory);
    }
    Path partial = null;
    try {
      partial = Files.createTempFile(directory, ".samizdat-download-", ".part");
      Files.write(partial, content);
      Files.move(partial, target);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw alreadyExists(target); // it appeared meanwhile
    } catch (IOException e) {
      throw new CliException("cannot save " + target + ": " + FileErrors.describe(e, target));
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // a leftover hidden .part file is all that remains
        }
      }
    }
  }

  private static CliException alreadyExists(Path target) {
    return new CliException(target + " already exists: choose another name with --out");
  }
}
