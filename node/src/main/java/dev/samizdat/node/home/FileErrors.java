package dev.samizdat.node.home;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What went wrong with a file, in words. The JDK's {@link NoSuchFileException} and its kin carry only
 * the path as their message, so "cannot read X: " + e.getMessage() would tell the user nothing but X
 * again.
 */
public final class FileErrors {
  private FileErrors() {}

  /**
   * The reason {@code e} gives for failing on {@code subject}, for after "cannot read {@code subject}: ".
   * The path is named only when it is another one than {@code subject} (a parent directory, say).
   */
  public static String describe(IOException e, Path subject) {
    // The system's words ("Is a directory") in the lower case of our own ("no such file or directory").
    if (!(e instanceof FileSystemException failure) || failure.getFile() == null) {
      return e.getMessage() == null ? e.toString() : lowerFirst(e.getMessage());
    }
    String reason = failure.getReason() != null ? lowerFirst(failure.getReason()) : reasonOf(failure);
    if (reason == null) {
      return e.getMessage();
    }
    return failure.getFile().equals(subject.toString()) ? reason : failure.getFile() + ": " + reason;
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  private static String reasonOf(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof NotDirectoryException) {
      return "not a directory";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    } else if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    return null;
  }
}
